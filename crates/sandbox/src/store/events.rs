//! Turning a change into the webhook requests it asks for: the conversation's scoped webhooks',
//! and the post-event webhook of the account or service level (`event_config`).

use super::{Store, Webhook};

/// The post-event names a scoped webhook may filter on.
pub const EVENTS: &[&str] = &[
    "onMessageAdded",
    "onMessageUpdated",
    "onMessageRemoved",
    "onConversationUpdated",
    "onConversationStateUpdated",
    "onConversationRemoved",
    "onParticipantAdded",
    "onParticipantUpdated",
    "onParticipantRemoved",
    "onDeliveryUpdated",
];

/// One webhook request waiting to be sent.
#[derive(Debug, Clone)]
pub struct Dispatch {
    pub webhook_sid: String,
    pub conversation_sid: String,
    pub event_type: String,
    pub url: String,
    pub method: String,
    pub params: Vec<(String, String)>,
}

impl Store {
    /// Queues `event` for every scoped webhook of the conversation that wants it, then for the
    /// level in force. `body` is the message text, which `trigger` webhooks match keywords against.
    pub(crate) fn emit(
        &mut self,
        conversation_sid: &str,
        event: &str,
        params: Vec<(String, String)>,
        body: Option<&str>,
    ) {
        let hooks: Vec<Webhook> = self
            .webhooks_of(conversation_sid)
            .filter(|hook| wants(hook, event, body))
            .cloned()
            .collect();
        for hook in hooks {
            self.emit_to(&hook, event, params.clone());
        }
        self.emit_post_event(conversation_sid, event, &params);
    }

    pub(crate) fn emit_to(
        &mut self,
        hook: &Webhook,
        event: &str,
        mut params: Vec<(String, String)>,
    ) {
        let Some(url) = hook.url.clone() else {
            return;
        };
        let common = [
            ("AccountSid", self.account_sid.clone()),
            ("ChatServiceSid", self.meta.chat_service_sid.clone()),
            (
                "MessagingServiceSid",
                self.meta.messaging_service_sid.clone(),
            ),
            ("ConversationSid", hook.conversation_sid.clone()),
            ("EventType", event.to_owned()),
            ("RetryCount", "0".to_owned()),
            ("WebhookSid", hook.sid.clone()),
            ("WebhookType", hook.target.clone()),
        ];
        params.extend(common.into_iter().map(|(k, v)| (k.to_owned(), v)));
        self.outbox.push(Dispatch {
            webhook_sid: hook.sid.clone(),
            conversation_sid: hook.conversation_sid.clone(),
            event_type: event.to_owned(),
            url,
            method: hook.method.clone(),
            params,
        });
    }
}

fn wants(hook: &Webhook, event: &str, body: Option<&str>) -> bool {
    match hook.target.as_str() {
        "webhook" => hook.filters.iter().any(|f| f == event),
        "trigger" => {
            let words: Vec<String> = body
                .unwrap_or("")
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect();
            event == "onMessageAdded"
                && hook
                    .triggers
                    .iter()
                    .any(|t| words.contains(&t.to_lowercase()))
        }
        _ => false,
    }
}
