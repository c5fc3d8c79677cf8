//! The account-level (`/v1/Configuration/Webhooks`) and service-level
//! (`/v1/Services/{ChatServiceSid}/Configuration/Webhooks`) webhook configuration, and firing the
//! post-event webhook of the level in force for every conversation's changes.

use super::{Dispatch, EventHooks, Kind, Store};
use crate::TwilioError;

/// The filter names the account level accepts, as Twilio's spec lists them: the post-event
/// names (`…Added`, `…Updated`, `…Removed`), the pre-event ones (`…Add`, `…Update`,
/// `…Remove`) and the user events. The sandbox sends post-events only.
const ACCOUNT_FILTERS: &[&str] = &[
    "onMessageAdded",
    "onMessageUpdated",
    "onMessageRemoved",
    "onMessageAdd",
    "onMessageUpdate",
    "onMessageRemove",
    "onConversationUpdated",
    "onConversationRemoved",
    "onConversationAdd",
    "onConversationAdded",
    "onConversationRemove",
    "onConversationUpdate",
    "onConversationStateUpdated",
    "onParticipantAdded",
    "onParticipantUpdated",
    "onParticipantRemoved",
    "onParticipantAdd",
    "onParticipantRemove",
    "onParticipantUpdate",
    "onDeliveryUpdated",
    "onUserAdded",
    "onUserUpdate",
    "onUserUpdated",
];

/// The service level takes the same names but the user events.
fn service_filters() -> impl Iterator<Item = &'static str> {
    ACCOUNT_FILTERS
        .iter()
        .copied()
        .filter(|f| !f.starts_with("onUser"))
}

/// The fields of an update; `None` leaves a field as it is, and an empty URL clears it.
#[derive(Debug, Clone, Default)]
pub struct EventHooksUpdate {
    pub method: Option<String>,
    pub filters: Option<Vec<String>>,
    pub pre_webhook_url: Option<String>,
    pub post_webhook_url: Option<String>,
    pub target: Option<String>,
}

/// Which configuration an update or a delivery belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Account,
    Service,
}

impl Level {
    /// What a delivery of this level records as its `webhook_sid`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Account => "account",
            Level::Service => "service",
        }
    }
}

impl Store {
    pub fn account_event_hooks(&self) -> &EventHooks {
        &self.meta.account_events
    }

    /// The default (and only) conversation service's configuration; 404 for any other SID.
    pub fn service_event_hooks(&self, service_sid: &str) -> Result<&EventHooks, TwilioError> {
        if service_sid != self.meta.chat_service_sid {
            return Err(TwilioError::not_found(&format!(
                "/v1/Services/{service_sid}/Configuration/Webhooks"
            )));
        }
        Ok(&self.meta.service_events)
    }

    pub fn update_event_hooks(
        &mut self,
        level: Level,
        update: EventHooksUpdate,
    ) -> Result<EventHooks, TwilioError> {
        let mut hooks = match level {
            Level::Account => self.meta.account_events.clone(),
            Level::Service => self.meta.service_events.clone(),
        };
        apply(&mut hooks, level, update)?;
        match level {
            Level::Account => self.meta.account_events = hooks.clone(),
            Level::Service => self.meta.service_events = hooks.clone(),
        }
        self.touch(Kind::Meta, "account");
        Ok(hooks)
    }

    /// The configuration whose post-event webhook fires: the service's where its
    /// `PostWebhookUrl` is set, otherwise the account's (unless that routes to Flex).
    fn post_events_in_force(&self) -> Option<(Level, &EventHooks)> {
        let service = &self.meta.service_events;
        let account = &self.meta.account_events;
        if service.post_webhook_url.is_some() {
            Some((Level::Service, service))
        } else if account.post_webhook_url.is_some() && account.target == "webhook" {
            Some((Level::Account, account))
        } else {
            None
        }
    }

    /// Queues the post-event webhook of the level in force when its filters hold `event`.
    /// Every request carries `AccountSid`, `ChatServiceSid`, `MessagingServiceSid`,
    /// `ConversationSid`, `EventType` and `RetryCount` besides the event's own `params`.
    pub(crate) fn emit_post_event(
        &mut self,
        conversation_sid: &str,
        event: &str,
        params: &[(String, String)],
    ) {
        let Some((level, hooks)) = self.post_events_in_force() else {
            return;
        };
        if !hooks.filters.iter().any(|f| f == event) {
            return;
        }
        let (url, method) = (
            hooks.post_webhook_url.clone().unwrap_or_default(),
            hooks.method.to_lowercase(),
        );
        let mut params = params.to_vec();
        let common = [
            ("AccountSid", self.account_sid.clone()),
            ("ChatServiceSid", self.meta.chat_service_sid.clone()),
            (
                "MessagingServiceSid",
                self.meta.messaging_service_sid.clone(),
            ),
            ("ConversationSid", conversation_sid.to_owned()),
            ("EventType", event.to_owned()),
            ("RetryCount", "0".to_owned()),
        ];
        params.extend(common.into_iter().map(|(k, v)| (k.to_owned(), v)));
        self.outbox.push(Dispatch {
            webhook_sid: level.name().to_owned(),
            conversation_sid: conversation_sid.to_owned(),
            event_type: event.to_owned(),
            url,
            method,
            params,
        });
    }
}

fn apply(
    hooks: &mut EventHooks,
    level: Level,
    update: EventHooksUpdate,
) -> Result<(), TwilioError> {
    if let Some(method) = update.method {
        let upper = method.to_uppercase();
        if upper != "GET" && upper != "POST" {
            return Err(TwilioError::invalid_parameter(format!(
                "Method {method} must be GET or POST"
            )));
        }
        hooks.method = upper;
    }
    if let Some(filters) = update.filters {
        let known: Vec<&str> = match level {
            Level::Account => ACCOUNT_FILTERS.to_vec(),
            Level::Service => service_filters().collect(),
        };
        if let Some(unknown) = filters.iter().find(|f| !known.contains(&f.as_str())) {
            return Err(TwilioError::invalid_parameter(format!(
                "Filters holds {unknown}, which is not one of {}",
                known.join(", ")
            )));
        }
        hooks.filters = filters;
    }
    if let Some(url) = update.pre_webhook_url {
        hooks.pre_webhook_url = checked_url("PreWebhookUrl", url)?;
    }
    if let Some(url) = update.post_webhook_url {
        hooks.post_webhook_url = checked_url("PostWebhookUrl", url)?;
    }
    if let Some(target) = update.target {
        if !["webhook", "flex"].contains(&target.as_str()) {
            return Err(TwilioError::invalid_parameter(format!(
                "Target {target} must be webhook or flex"
            )));
        }
        hooks.target = target;
    }
    Ok(())
}

/// An absolute `http://` or `https://` URL with a host; an empty one clears the setting.
fn checked_url(name: &str, url: String) -> Result<Option<String>, TwilioError> {
    if url.is_empty() {
        return Ok(None);
    }
    match reqwest::Url::parse(&url) {
        Ok(parsed) if ["http", "https"].contains(&parsed.scheme()) && parsed.has_host() => {
            Ok(Some(url))
        }
        _ => Err(TwilioError::invalid_parameter(format!(
            "{name} {url} must be an absolute http:// or https:// URL"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(checked_url("PostWebhookUrl", "https://example.com/e".into()).is_ok());
        assert_eq!(checked_url("PostWebhookUrl", String::new()).unwrap(), None);
        assert!(checked_url("PostWebhookUrl", "/relative".into()).is_err());
        assert!(checked_url("PostWebhookUrl", "ftp://example.com".into()).is_err());
        assert!(checked_url("PostWebhookUrl", "http://".into()).is_err());
    }

    #[test]
    fn the_service_level_takes_no_user_events() {
        let mut hooks = EventHooks::default();
        let update = |f: &str| EventHooksUpdate {
            filters: Some(vec![f.to_owned()]),
            ..EventHooksUpdate::default()
        };
        assert!(apply(&mut hooks, Level::Account, update("onUserAdded")).is_ok());
        assert!(apply(&mut hooks, Level::Service, update("onUserAdded")).is_err());
        assert!(apply(&mut hooks, Level::Service, update("onMessageAdded")).is_ok());
    }
}
