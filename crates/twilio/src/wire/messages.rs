//! Twilio's JSON for messages, as the official OpenAPI spec names its fields.

use serde::Deserialize;

/// `conversations.v1.conversation.conversation_message`
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Message {
    pub sid: String,
    pub conversation_sid: String,
    pub index: i64,
    pub author: Option<String>,
    pub body: Option<String>,
    pub attributes: Option<String>,
    pub participant_sid: Option<String>,
    pub date_created: Option<String>,
    #[serde(default)]
    pub date_updated: Option<String>,
    pub delivery: Option<serde_json::Value>,
    pub content_sid: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MessageList {
    pub messages: Vec<Message>,
    pub meta: super::PageMeta,
}

/// `conversations.v1.conversation.conversation_message.conversation_message_receipt`
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Receipt {
    pub sid: String,
    pub message_sid: String,
    pub participant_sid: Option<String>,
    pub status: String,
    pub error_code: Option<i64>,
    pub date_updated: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReceiptList {
    pub delivery_receipts: Vec<Receipt>,
    pub meta: super::PageMeta,
}
