//! The records the sandbox keeps. Each is stored whole (as JSON) when it changes.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationState {
    Active,
    Inactive,
    Closed,
}

impl ConversationState {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "active" => Some(ConversationState::Active),
            "inactive" => Some(ConversationState::Inactive),
            "closed" => Some(ConversationState::Closed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ConversationState::Active => "active",
            ConversationState::Inactive => "inactive",
            ConversationState::Closed => "closed",
        }
    }
}

/// `Timers.Inactive` / `Timers.Closed` in seconds, and when they fall due.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Timers {
    pub inactive_after: Option<i64>,
    pub closed_after: Option<i64>,
    pub date_inactive: Option<OffsetDateTime>,
    pub date_closed: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    pub sid: String,
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub attributes: String,
    pub state: ConversationState,
    pub timers: Timers,
    pub date_created: OffsetDateTime,
    pub date_updated: OffsetDateTime,
    pub next_index: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Sms,
    Whatsapp,
}

impl Channel {
    /// The channel an address belongs to: `whatsapp:+E164` or `+E164`.
    pub fn of(address: &str) -> Channel {
        if address.starts_with("whatsapp:") {
            Channel::Whatsapp
        } else {
            Channel::Sms
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
        }
    }

    /// The `Source` Twilio reports for a message that came in on this channel.
    pub fn source(self) -> &'static str {
        match self {
            Channel::Sms => "SMS",
            Channel::Whatsapp => "WHATSAPP",
        }
    }
}

/// An SMS or WhatsApp participant's number pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Binding {
    pub address: String,
    pub proxy_address: String,
}

impl Binding {
    pub fn channel(&self) -> Channel {
        Channel::of(&self.address)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Participant {
    pub sid: String,
    pub conversation_sid: String,
    pub identity: Option<String>,
    pub binding: Option<Binding>,
    pub attributes: String,
    pub role_sid: Option<String>,
    pub last_read_message_index: Option<i64>,
    pub last_read_timestamp: Option<String>,
    pub date_created: OffsetDateTime,
    pub date_updated: OffsetDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptStatus {
    Sent,
    Delivered,
    Read,
    Failed,
    Undelivered,
}

impl ReceiptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptStatus::Sent => "sent",
            ReceiptStatus::Delivered => "delivered",
            ReceiptStatus::Read => "read",
            ReceiptStatus::Failed => "failed",
            ReceiptStatus::Undelivered => "undelivered",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Receipt {
    pub sid: String,
    pub participant_sid: String,
    pub channel_message_sid: String,
    pub status: ReceiptStatus,
    /// 0 when there is no error: the spec types the field as a plain integer.
    pub error_code: u32,
    pub date_created: OffsetDateTime,
    pub date_updated: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    pub sid: String,
    pub conversation_sid: String,
    pub index: u64,
    pub author: String,
    pub body: Option<String>,
    pub attributes: String,
    pub participant_sid: Option<String>,
    pub content_sid: Option<String>,
    /// `API`, `SMS` or `WHATSAPP`: where the message came from.
    pub source: String,
    pub receipts: Vec<Receipt>,
    pub date_created: OffsetDateTime,
    pub date_updated: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Webhook {
    pub sid: String,
    pub conversation_sid: String,
    pub target: String,
    pub url: Option<String>,
    pub method: String,
    pub filters: Vec<String>,
    pub triggers: Vec<String>,
    pub flow_sid: Option<String>,
    pub replay_after: Option<i64>,
    pub date_created: OffsetDateTime,
    pub date_updated: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Approval {
    pub name: String,
    pub category: String,
    pub status: String,
    pub rejection_reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Content {
    pub sid: String,
    pub friendly_name: String,
    pub language: String,
    /// Sample values, used when a send leaves a variable out.
    pub variables: serde_json::Map<String, Value>,
    pub types: Value,
    pub approval: Option<Approval>,
    pub date_created: OffsetDateTime,
    pub date_updated: OffsetDateTime,
}

/// One of the account's own numbers: an SMS phone number (`PN…`) or a WhatsApp sender (`XE…`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Number {
    pub sid: String,
    pub address: String,
    pub country_code: String,
    pub date_created: OffsetDateTime,
}

impl Number {
    pub fn channel(&self) -> Channel {
        Channel::of(&self.address)
    }
}

/// A message as a simulated handset saw it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandsetMessage {
    pub sid: String,
    pub handset: String,
    /// `received` (from the business) or `sent` (by this handset).
    pub direction: String,
    pub from: String,
    pub to: String,
    pub body: String,
    pub conversation_sid: Option<String>,
    pub message_sid: Option<String>,
    pub date_created: OffsetDateTime,
}

/// When an end user last wrote to a WhatsApp sender: it opens the 24-hour window.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Window {
    pub key: String,
    pub last_inbound: OffsetDateTime,
}

/// One attempt to deliver a webhook.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Delivery {
    pub sid: String,
    pub webhook_sid: String,
    pub conversation_sid: String,
    pub event_type: String,
    pub url: String,
    pub method: String,
    pub params: Vec<(String, String)>,
    pub idempotency_token: String,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub latency_ms: u64,
    pub date_created: OffsetDateTime,
}

/// Account-wide facts that outlive a restart.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub sid: String,
    pub chat_service_sid: String,
    pub messaging_service_sid: String,
    pub messaging_service_created: OffsetDateTime,
    pub clock_offset_ms: i64,
    /// `/v1/Configuration/Webhooks`: the account's post-event webhook.
    #[serde(default)]
    pub account_events: EventHooks,
    /// `/v1/Services/{ChatServiceSid}/Configuration/Webhooks`: the default service's, which,
    /// where its `PostWebhookUrl` is set, takes the place of the account's.
    #[serde(default)]
    pub service_events: EventHooks,
}

/// An account- or service-level webhook configuration. `target` is the account level's only
/// (`webhook` or `flex`); `method` is `GET` or `POST`, as the wire shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventHooks {
    pub method: String,
    pub filters: Vec<String>,
    pub pre_webhook_url: Option<String>,
    pub post_webhook_url: Option<String>,
    pub target: String,
}

impl Default for EventHooks {
    fn default() -> Self {
        EventHooks {
            method: "POST".into(),
            filters: Vec::new(),
            pre_webhook_url: None,
            post_webhook_url: None,
            target: "webhook".into(),
        }
    }
}
