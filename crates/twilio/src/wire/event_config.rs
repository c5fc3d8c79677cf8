//! Twilio's JSON for the post-event webhook configuration of the account
//! (`conversations.v1.configuration.configuration_webhook`) and of a conversation service
//! (`conversations.v1.service.service_configuration.service_webhook_configuration`).

use serde::Deserialize;

/// One level's configuration: where pre- and post-event webhooks go, with which method and filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct EventConfiguration {
    pub account_sid: Option<String>,
    /// Set at the service level only.
    #[serde(default)]
    pub chat_service_sid: Option<String>,
    pub method: Option<String>,
    #[serde(default)]
    pub filters: Option<Vec<String>>,
    pub pre_webhook_url: Option<String>,
    pub post_webhook_url: Option<String>,
    /// `webhook` or `flex`; the account level only.
    #[serde(default)]
    pub target: Option<String>,
}

/// `conversations.v1.configuration`: the account's defaults, among them its conversation service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccountConfiguration {
    pub account_sid: Option<String>,
    pub default_chat_service_sid: Option<String>,
    pub default_messaging_service_sid: Option<String>,
}
