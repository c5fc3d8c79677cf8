//! Conversation-scoped webhooks: at most five per conversation.

use super::conversations::not_found;
use super::events::EVENTS;
use super::messages::message_params;
use super::{Kind, Store, Webhook};
use crate::TwilioError;
use crate::sid::new_sid;

const PER_CONVERSATION: usize = 5;
const TRIGGERS_MAX: usize = 5;
const TRIGGER_LEN_MAX: usize = 248;

/// The `Configuration.*` fields of a create or update; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct WebhookConfig {
    pub url: Option<String>,
    pub method: Option<String>,
    pub filters: Option<Vec<String>>,
    pub triggers: Option<Vec<String>>,
    pub flow_sid: Option<String>,
    pub replay_after: Option<i64>,
}

impl Store {
    pub fn add_webhook(
        &mut self,
        conversation_id: &str,
        target: &str,
        config: WebhookConfig,
    ) -> Result<Webhook, TwilioError> {
        let conversation_sid = self.conversation(conversation_id)?.sid.clone();
        if !["webhook", "trigger", "studio"].contains(&target) {
            return Err(TwilioError::invalid_parameter(
                "Target must be one of webhook, trigger, studio",
            ));
        }
        if self.webhooks_of(&conversation_sid).count() >= PER_CONVERSATION {
            return Err(TwilioError::new(
                400,
                50361,
                "A conversation can have at most 5 webhooks",
            ));
        }
        let now = self.now();
        let mut hook = Webhook {
            sid: new_sid("WH"),
            conversation_sid: conversation_sid.clone(),
            target: target.to_owned(),
            url: None,
            method: "post".into(),
            filters: Vec::new(),
            triggers: Vec::new(),
            flow_sid: None,
            replay_after: config.replay_after,
            date_created: now,
            date_updated: now,
        };
        apply(&mut hook, config)?;
        self.touch(Kind::Webhook, &hook.sid);
        self.webhooks.push(hook.clone());
        self.index_last_webhook();
        if let Some(after) = hook.replay_after {
            let replay: Vec<_> = self
                .messages_of(&conversation_sid)
                .filter(|m| m.index as i64 >= after)
                .map(message_params)
                .collect();
            for params in replay {
                self.emit_to(&hook, "onMessageAdded", params);
            }
        }
        Ok(hook)
    }

    pub fn webhooks_of(&self, conversation_sid: &str) -> impl Iterator<Item = &Webhook> {
        self.webhook_positions(conversation_sid)
            .iter()
            .map(|&i| &self.webhooks[i])
    }

    /// A scoped webhook by its SID, in a conversation found by its SID or unique name.
    pub fn webhook(&self, conversation_id: &str, sid: &str) -> Result<&Webhook, TwilioError> {
        let conversation_sid = &self.conversation(conversation_id)?.sid;
        self.webhooks_of(conversation_sid)
            .find(|w| w.sid == sid)
            .ok_or_else(|| not_found(conversation_sid, "Webhooks", sid))
    }

    pub fn update_webhook(
        &mut self,
        conversation_id: &str,
        sid: &str,
        config: WebhookConfig,
    ) -> Result<Webhook, TwilioError> {
        let mut hook = self.webhook(conversation_id, sid)?.clone();
        let conversation_sid = hook.conversation_sid.clone();
        apply(
            &mut hook,
            WebhookConfig {
                replay_after: None,
                ..config
            },
        )?;
        hook.date_updated = self.now();
        self.touch(Kind::Webhook, &hook.sid);
        let i = *self
            .webhook_positions(&conversation_sid)
            .iter()
            .find(|&&i| self.webhooks[i].sid == hook.sid)
            .expect("found above");
        self.webhooks[i] = hook.clone();
        Ok(hook)
    }

    pub fn remove_webhook(&mut self, conversation_id: &str, sid: &str) -> Result<(), TwilioError> {
        let sid = self.webhook(conversation_id, sid)?.sid.clone();
        self.webhooks.retain(|w| w.sid != sid);
        self.reindex_webhooks();
        self.touch(Kind::Webhook, &sid);
        Ok(())
    }
}

fn apply(hook: &mut Webhook, config: WebhookConfig) -> Result<(), TwilioError> {
    if let Some(url) = config.url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(TwilioError::invalid_parameter(format!(
                "Configuration.Url {url} must be an absolute http:// or https:// URL"
            )));
        }
        hook.url = Some(url);
    }
    if let Some(method) = config.method {
        let method = method.to_lowercase();
        if method != "get" && method != "post" {
            return Err(TwilioError::invalid_parameter(
                "Configuration.Method must be get or post",
            ));
        }
        hook.method = method;
    }
    if let Some(filters) = config.filters {
        if let Some(unknown) = filters.iter().find(|f| !EVENTS.contains(&f.as_str())) {
            return Err(TwilioError::invalid_parameter(format!(
                "Configuration.Filters holds {unknown}, which is not one of {}",
                EVENTS.join(", ")
            )));
        }
        hook.filters = filters;
    }
    if let Some(triggers) = config.triggers {
        if triggers.len() > TRIGGERS_MAX {
            return Err(TwilioError::new(
                400,
                50362,
                "At most 5 Configuration.Triggers are allowed",
            ));
        }
        if triggers.iter().any(|t| t.chars().count() > TRIGGER_LEN_MAX) {
            return Err(TwilioError::new(
                400,
                50366,
                "A trigger keyword may be at most 248 characters",
            ));
        }
        hook.triggers = triggers;
    }
    if let Some(flow) = config.flow_sid {
        hook.flow_sid = Some(flow);
    }
    match hook.target.as_str() {
        "webhook" | "trigger" if hook.url.is_none() => Err(TwilioError::invalid_parameter(
            "Configuration.Url is required for a webhook or trigger target",
        )),
        "studio" if hook.flow_sid.is_none() => Err(TwilioError::invalid_parameter(
            "Configuration.FlowSid is required for a studio target",
        )),
        _ => Ok(()),
    }
}
