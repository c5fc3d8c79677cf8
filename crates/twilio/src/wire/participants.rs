//! Twilio's JSON for participants, as the official OpenAPI spec names its fields.

use serde::Deserialize;

/// `conversations.v1.conversation.conversation_participant`
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Participant {
    pub sid: String,
    pub conversation_sid: String,
    pub identity: Option<String>,
    pub attributes: Option<String>,
    pub messaging_binding: Option<MessagingBinding>,
    pub date_created: Option<String>,
    #[serde(default)]
    pub date_updated: Option<String>,
    pub last_read_message_index: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MessagingBinding {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub address: Option<String>,
    pub proxy_address: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ParticipantList {
    pub participants: Vec<Participant>,
    pub meta: super::PageMeta,
}
