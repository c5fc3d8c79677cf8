use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::wire::{Conversation, ConversationPage};
use crate::{Credentials, Error, TwilioErrorBody};

pub const TWILIO_CONVERSATIONS_BASE: &str = "https://conversations.twilio.com";

/// The largest page the Conversations list accepts.
const MAX_PAGE_SIZE: usize = 100;

#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Scheme and host of the Conversations API, without a trailing slash: Twilio's, a regional edge's
    /// or the sandbox's.
    pub conversations_base: String,
    pub credentials: Credentials,
    /// The longest a single request may take, connection included.
    pub timeout: Duration,
}

/// Form fields of `POST /v1/Conversations`; `None` leaves a field unset.
#[derive(Debug, Clone, Default)]
pub struct CreateConversation {
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub attributes: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    credentials: Credentials,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .user_agent(concat!("switchboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Error::Transport)?;
        let base = config.conversations_base.trim_end_matches('/').to_owned();
        Ok(Client {
            http,
            base,
            credentials: config.credentials,
        })
    }

    /// Up to `limit` conversations, oldest first, following `next_page_url` across pages.
    pub async fn list_conversations(&self, limit: usize) -> Result<Vec<Conversation>, Error> {
        let page_size = limit.clamp(1, MAX_PAGE_SIZE);
        let mut url = format!("{}/v1/Conversations?PageSize={page_size}", self.base);
        let mut conversations = Vec::new();
        loop {
            let page: ConversationPage = self.get_json(&url).await?;
            conversations.extend(page.conversations);
            match page.meta.next_page_url {
                Some(next) if conversations.len() < limit => url = next,
                _ => break,
            }
        }
        conversations.truncate(limit);
        Ok(conversations)
    }

    pub async fn create_conversation(
        &self,
        params: &CreateConversation,
    ) -> Result<Conversation, Error> {
        let form: Vec<(&str, &str)> = [
            ("FriendlyName", &params.friendly_name),
            ("UniqueName", &params.unique_name),
            ("Attributes", &params.attributes),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
        .collect();
        let url = format!("{}/v1/Conversations", self.base);
        self.send(self.http.post(url).form(&form)).await
    }

    async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T, Error> {
        self.send(self.http.get(url)).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, Error> {
        let response = self
            .credentials
            .apply(request)
            .send()
            .await
            .map_err(Error::Transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::Transport)?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(Error::Decode);
        }
        match serde_json::from_slice::<TwilioErrorBody>(&body) {
            Ok(error) => Err(Error::Api(error)),
            Err(_) => Err(Error::UnexpectedStatus {
                status: status.as_u16(),
            }),
        }
    }
}
