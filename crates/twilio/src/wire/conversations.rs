//! Twilio's JSON for conversations, as the official OpenAPI spec names its fields.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct ConversationList {
    pub conversations: Vec<Conversation>,
    pub meta: super::PageMeta,
}

/// `conversations.v1.conversation`
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Conversation {
    pub sid: String,
    pub account_sid: String,
    pub chat_service_sid: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub attributes: Option<String>,
    pub state: String,
    pub date_created: String,
    pub date_updated: Option<String>,
    #[serde(default)]
    pub timers: Option<ConversationTimers>,
    pub url: String,
}

/// When the conversation becomes inactive and closed, when timers are set (UTC, ISO 8601).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ConversationTimers {
    #[serde(default)]
    pub date_inactive: Option<String>,
    #[serde(default)]
    pub date_closed: Option<String>,
}

/// `conversations.v1.participant_conversation`: one conversation an address takes part in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ParticipantConversation {
    pub participant_sid: Option<String>,
    pub participant_messaging_binding: Option<serde_json::Value>,
    pub conversation_sid: String,
    pub conversation_unique_name: Option<String>,
    pub conversation_friendly_name: Option<String>,
    pub conversation_state: Option<String>,
}

impl ParticipantConversation {
    /// The proxy address this participant is reached through, when it is an SMS/WhatsApp one.
    pub fn proxy_address(&self) -> Option<&str> {
        self.participant_messaging_binding
            .as_ref()?
            .get("proxy_address")?
            .as_str()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ParticipantConversationList {
    pub conversations: Vec<ParticipantConversation>,
    pub meta: super::PageMeta,
}
