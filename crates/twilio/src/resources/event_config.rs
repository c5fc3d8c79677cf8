//! Typed calls on the post-event webhook configuration: the account level
//! (`/v1/Configuration/Webhooks`) and a conversation service's (`/v1/Services/{sid}/Configuration/Webhooks`).

use super::segment;
use crate::form::Form;
use crate::wire::{AccountConfiguration, EventConfiguration};
use crate::{Client, Error};

/// The fields of an update; `None` leaves a field as Twilio has it.
#[derive(Debug, Clone, Default)]
pub struct EventConfigurationUpdate {
    /// `GET` or `POST`.
    pub method: Option<String>,
    /// Replaces every filter when set.
    pub filters: Option<Vec<String>>,
    pub pre_webhook_url: Option<String>,
    pub post_webhook_url: Option<String>,
}

impl EventConfigurationUpdate {
    fn form(&self) -> Form {
        Form::new()
            .maybe("Method", self.method.clone())
            .each("Filters", self.filters.iter().flatten().cloned())
            .maybe("PreWebhookUrl", self.pre_webhook_url.clone())
            .maybe("PostWebhookUrl", self.post_webhook_url.clone())
    }
}

impl Client {
    fn account_events_url(&self) -> String {
        format!("{}/v1/Configuration/Webhooks", self.bases.conversations)
    }

    fn service_events_url(&self, chat_service: &str) -> String {
        format!(
            "{}/v1/Services/{}/Configuration/Webhooks",
            self.bases.conversations,
            segment(chat_service)
        )
    }

    /// The account's defaults (`/v1/Configuration`), which name its default conversation service.
    pub async fn account_configuration(&self) -> Result<AccountConfiguration, Error> {
        self.get(&format!("{}/v1/Configuration", self.bases.conversations))
            .await
    }

    /// The account level's post-event configuration.
    pub async fn account_event_configuration(&self) -> Result<EventConfiguration, Error> {
        self.get(&self.account_events_url()).await
    }

    pub async fn update_account_event_configuration(
        &self,
        update: &EventConfigurationUpdate,
    ) -> Result<EventConfiguration, Error> {
        self.post(&self.account_events_url(), &update.form()).await
    }

    /// A conversation service's (`IS…`) post-event configuration.
    pub async fn service_event_configuration(
        &self,
        chat_service: &str,
    ) -> Result<EventConfiguration, Error> {
        self.get(&self.service_events_url(chat_service)).await
    }

    pub async fn update_service_event_configuration(
        &self,
        chat_service: &str,
        update: &EventConfigurationUpdate,
    ) -> Result<EventConfiguration, Error> {
        self.post(&self.service_events_url(chat_service), &update.form())
            .await
    }
}
