//! Typed calls on conversation-scoped webhooks.

use super::segment;
use crate::form::Form;
use crate::wire::{ScopedWebhook, ScopedWebhookList};
use crate::{Client, Error};

/// A conversation-scoped webhook's settings.
#[derive(Debug, Clone, Default)]
pub struct WebhookParams {
    /// `webhook`, `trigger` or `studio`; set on create only.
    pub target: String,
    pub url: Option<String>,
    /// `get` or `post`.
    pub method: Option<String>,
    pub filters: Vec<String>,
    pub triggers: Vec<String>,
    pub flow_sid: Option<String>,
    pub replay_after: Option<u32>,
}

impl WebhookParams {
    fn configuration(&self) -> Form {
        Form::new()
            .maybe("Configuration.Url", self.url.clone())
            .maybe("Configuration.Method", self.method.clone())
            .each("Configuration.Filters", self.filters.iter().cloned())
            .each("Configuration.Triggers", self.triggers.iter().cloned())
            .maybe("Configuration.FlowSid", self.flow_sid.clone())
    }
}

impl Client {
    fn webhooks_url(&self, conversation: &str) -> String {
        format!(
            "{}/v1/Conversations/{}/Webhooks",
            self.bases.conversations,
            segment(conversation)
        )
    }

    pub async fn list_webhooks(&self, conversation: &str) -> Result<Vec<ScopedWebhook>, Error> {
        self.collect::<ScopedWebhookList>(
            format!("{}?PageSize=5", self.webhooks_url(conversation)),
            100,
        )
        .await
    }

    pub async fn create_webhook(
        &self,
        conversation: &str,
        params: &WebhookParams,
    ) -> Result<ScopedWebhook, Error> {
        let form = params.configuration().set("Target", &params.target).maybe(
            "Configuration.ReplayAfter",
            params.replay_after.map(|n| n.to_string()),
        );
        self.post(&self.webhooks_url(conversation), &form).await
    }

    pub async fn update_webhook(
        &self,
        conversation: &str,
        webhook_sid: &str,
        params: &WebhookParams,
    ) -> Result<ScopedWebhook, Error> {
        let url = format!(
            "{}/{}",
            self.webhooks_url(conversation),
            segment(webhook_sid)
        );
        self.post(&url, &params.configuration()).await
    }

    pub async fn delete_webhook(&self, conversation: &str, webhook_sid: &str) -> Result<(), Error> {
        self.delete(&format!(
            "{}/{}",
            self.webhooks_url(conversation),
            segment(webhook_sid)
        ))
        .await
    }
}
