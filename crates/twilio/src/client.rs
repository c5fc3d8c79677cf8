//! The HTTP client: per-API base URLs, basic auth, a cap on requests in flight, timeouts and retries.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use crate::form::Form;
use crate::retry::{Failure, RetryPolicy, parse_retry_after};
use crate::{Credentials, Error, TwilioErrorBody};

/// Scheme and host of each Twilio API, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bases {
    pub conversations: String,
    pub content: String,
    pub messaging: String,
}

impl Bases {
    pub fn twilio() -> Self {
        Bases {
            conversations: "https://conversations.twilio.com".into(),
            content: "https://content.twilio.com".into(),
            messaging: "https://messaging.twilio.com".into(),
        }
    }

    /// Every API on one origin, as the sandbox serves them: Messaging under `/messaging`, because
    /// Conversations has a `/v1/Services` of its own.
    pub fn single_origin(origin: &str) -> Self {
        let origin = origin.trim_end_matches('/');
        Bases {
            conversations: origin.into(),
            content: origin.into(),
            messaging: format!("{origin}/messaging"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub bases: Bases,
    pub credentials: Credentials,
    /// The longest a single attempt may take, connection included.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Requests in flight at once. Twilio throttles by account-level concurrency and answers 429
    /// (retried) beyond it; a 50-row conversations page needs 100 calls at once to take one round trip.
    pub max_concurrent: usize,
    /// Sends `X-Twilio-Webhook-Enabled: true` with every change, so Twilio fires the webhooks a
    /// REST change otherwise skips (Switchboard's server never does: it notes its own writes).
    pub webhooks_enabled: bool,
}

impl ClientConfig {
    pub fn new(bases: Bases, credentials: Credentials) -> Self {
        ClientConfig {
            bases,
            credentials,
            timeout: Duration::from_secs(15),
            retry: RetryPolicy::default(),
            max_concurrent: 100,
            webhooks_enabled: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    pub(crate) bases: Arc<Bases>,
    credentials: Credentials,
    retry: RetryPolicy,
    permits: Arc<Semaphore>,
    webhooks_enabled: bool,
}

struct Answer {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: bytes::Bytes,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .user_agent(concat!("switchboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(Error::Transport)?;
        Ok(Client {
            http,
            bases: Arc::new(config.bases),
            credentials: config.credentials,
            retry: config.retry,
            permits: Arc::new(Semaphore::new(config.max_concurrent.max(1))),
            webhooks_enabled: config.webhooks_enabled,
        })
    }

    /// The API base URLs this client calls.
    pub fn bases(&self) -> &Bases {
        &self.bases
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, Error> {
        decode(self.execute(Method::GET, url, None).await?)
    }

    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        url: &str,
        form: &Form,
    ) -> Result<T, Error> {
        decode(self.execute(Method::POST, url, Some(form)).await?)
    }

    pub(crate) async fn delete(&self, url: &str) -> Result<(), Error> {
        self.execute(Method::DELETE, url, None).await.map(drop)
    }

    /// Sends one request, retrying as the policy allows; a non-success answer becomes `Error::Api`.
    async fn execute(
        &self,
        method: Method,
        url: &str,
        form: Option<&Form>,
    ) -> Result<bytes::Bytes, Error> {
        let mut attempt = 1;
        loop {
            let result = self.attempt(&method, url, form).await;
            let failure = match &result {
                Ok(answer) if answer.status == StatusCode::TOO_MANY_REQUESTS => {
                    Failure::TooManyRequests {
                        retry_after: answer.retry_after,
                    }
                }
                Ok(answer) if answer.status.is_server_error() => Failure::ServerError,
                Err(error) if error.is_connect() => Failure::Connect,
                Err(_) => Failure::Timeout,
                Ok(_) => return into_result(result),
            };
            let Some(delay) = self.retry.delay(&method, &failure, attempt) else {
                return into_result(result);
            };
            tracing::warn!(%method, path = path_of(url), attempt, delay_ms = delay.as_millis() as u64, "retrying Twilio call");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &str,
        form: Option<&Form>,
    ) -> Result<Answer, reqwest::Error> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let mut request = self
            .credentials
            .apply(self.http.request(method.clone(), url));
        if let Some(form) = form {
            request = request.form(form.pairs());
        }
        if self.webhooks_enabled && method != Method::GET {
            request = request.header("X-Twilio-Webhook-Enabled", "true");
        }
        let response = request.send().await?;
        let status = response.status();
        let retry_after = parse_retry_after(response.headers().get(reqwest::header::RETRY_AFTER));
        let body = response.bytes().await?;
        tracing::debug!(%method, path = path_of(url), status = status.as_u16(), "Twilio call");
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
}

fn into_result(result: Result<Answer, reqwest::Error>) -> Result<bytes::Bytes, Error> {
    let answer = result.map_err(Error::Transport)?;
    if answer.status.is_success() {
        return Ok(answer.body);
    }
    match serde_json::from_slice::<TwilioErrorBody>(&answer.body) {
        Ok(error) => Err(Error::Api(error)),
        Err(_) => Err(Error::UnexpectedStatus {
            status: answer.status.as_u16(),
        }),
    }
}

fn decode<T: DeserializeOwned>(body: bytes::Bytes) -> Result<T, Error> {
    serde_json::from_slice(&body).map_err(Error::Decode)
}

/// The path alone, for logs: query strings may carry phone numbers.
fn path_of(url: &str) -> &str {
    let without_query = url.split('?').next().unwrap_or(url);
    without_query
        .find("/v1/")
        .map_or(without_query, |i| &without_query[i..])
}
