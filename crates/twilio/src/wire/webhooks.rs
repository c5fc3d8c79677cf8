//! Twilio's JSON for webhooks, as the official OpenAPI spec names its fields.

use serde::Deserialize;

/// `conversations.v1.conversation.conversation_scoped_webhook`
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ScopedWebhook {
    pub sid: String,
    pub conversation_sid: String,
    pub target: String,
    pub configuration: WebhookConfiguration,
    pub date_created: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct WebhookConfiguration {
    pub url: Option<String>,
    pub method: Option<String>,
    #[serde(default)]
    pub filters: Option<Vec<String>>,
    #[serde(default)]
    pub triggers: Option<Vec<String>>,
    pub flow_sid: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ScopedWebhookList {
    pub webhooks: Vec<ScopedWebhook>,
    pub meta: super::PageMeta,
}
