//! Conversation-scoped webhooks.

use serde::{Deserialize, Serialize};

/// The events a scoped webhook can be told about, with what each means to an operator.
pub const WEBHOOK_FILTERS: &[(&str, &str)] = &[
    ("onMessageAdded", "a message is added"),
    ("onMessageUpdated", "a message is edited"),
    ("onMessageRemoved", "a message is deleted"),
    (
        "onConversationUpdated",
        "the conversation's name or attributes change",
    ),
    (
        "onConversationStateUpdated",
        "the conversation becomes inactive or closed",
    ),
    ("onConversationRemoved", "the conversation is deleted"),
    ("onParticipantAdded", "someone joins"),
    ("onParticipantUpdated", "a participant changes"),
    ("onParticipantRemoved", "someone leaves"),
    (
        "onDeliveryUpdated",
        "a delivery receipt changes (sent, delivered, read, failed)",
    ),
];

/// Twilio allows at most this many scoped webhooks per conversation (error 50361).
pub const MAX_WEBHOOKS: usize = 5;

/// `POST /api/v1/conversations/{sid}/webhooks` and `PUT …/webhooks/{webhook}`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookRequest {
    /// `webhook`, `trigger` or `studio`.
    pub target: String,
    #[serde(default)]
    pub url: Option<String>,
    /// `get` or `post`.
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub filters: Vec<String>,
    #[serde(default)]
    pub triggers: Vec<String>,
    #[serde(default)]
    pub flow_sid: Option<String>,
}
