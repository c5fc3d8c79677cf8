//! Twilio's JSON bodies, as the OpenAPI spec names their fields. Only the fields Switchboard reads.

use serde::Deserialize;

/// The `meta` object of every list response.
#[derive(Debug, Clone, Deserialize)]
pub struct PageMeta {
    pub page: u32,
    pub page_size: u32,
    pub next_page_url: Option<String>,
    pub key: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConversationPage {
    pub conversations: Vec<Conversation>,
    pub meta: PageMeta,
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
    pub url: String,
}
