//! A sandbox on port 0 and a small client that calls it the way a Twilio client does.
#![allow(dead_code)]

use secrecy::ExposeSecret;
use serde_json::Value;
use switchboard_sandbox::{RunningSandbox, SandboxCredentials, SandboxOptions, SandboxState};

pub const SMS_1: &str = "+15550109001";
pub const SMS_2: &str = "+15550109002";
pub const WA_1: &str = "whatsapp:+15550108001";
pub const WA_2: &str = "whatsapp:+15550108002";

pub struct Sandbox {
    pub running: RunningSandbox,
    http: reqwest::Client,
}

pub fn test_options() -> SandboxOptions {
    SandboxOptions {
        test_controls: true,
        ..SandboxOptions::default()
    }
}

/// The demo account, with the test controls on.
pub async fn demo() -> Sandbox {
    start(SandboxState::with_demo_data(SandboxCredentials::generate()).with_options(test_options()))
        .await
}

pub async fn start(state: SandboxState) -> Sandbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    Sandbox {
        running: switchboard_sandbox::spawn(listener, state).unwrap(),
        http: reqwest::Client::new(),
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The Twilio error code of a failed call.
    pub fn code(&self) -> u64 {
        self.body["code"].as_u64().unwrap_or(0)
    }
}

impl Sandbox {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.base_url())
    }

    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.basic_auth(
            &self.running.account_sid,
            Some(self.running.auth_token.expose_secret()),
        )
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = self.auth(request).send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.http.get(self.url(path))).await
    }

    pub async fn get_url(&self, url: &str) -> Reply {
        self.send(self.http.get(url)).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.send(self.http.post(self.url(path)).form(form)).await
    }

    /// A POST with `X-Twilio-Webhook-Enabled: true`, so the change fires webhooks.
    pub async fn post_firing(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let request = self
            .http
            .post(self.url(path))
            .header("X-Twilio-Webhook-Enabled", "true")
            .form(form);
        self.send(request).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(self.http.delete(self.url(path))).await
    }

    /// A DELETE with `X-Twilio-Webhook-Enabled: true`, so the change fires webhooks.
    pub async fn delete_firing(&self, path: &str) -> Reply {
        let request = self
            .http
            .delete(self.url(path))
            .header("X-Twilio-Webhook-Enabled", "true");
        self.send(request).await
    }

    /// Creates a conversation and returns its SID.
    pub async fn conversation(&self, name: &str) -> String {
        let reply = self
            .post("/v1/Conversations", &[("FriendlyName", name)])
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.body["sid"].as_str().unwrap().to_owned()
    }

    /// Adds an SMS or WhatsApp participant and returns the reply.
    pub async fn add(&self, conversation: &str, address: &str, proxy: &str) -> Reply {
        self.post(
            &format!("/v1/Conversations/{conversation}/Participants"),
            &[
                ("MessagingBinding.Address", address),
                ("MessagingBinding.ProxyAddress", proxy),
            ],
        )
        .await
    }

    /// What a simulated handset has received and sent, oldest first.
    pub async fn handset(&self, address: &str) -> Vec<Value> {
        let encoded: String =
            serde_urlencoded::to_string([("a", address)]).unwrap()[2..].to_owned();
        let reply = self
            .get(&format!("/sandbox/v1/Phones/{encoded}/Messages"))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body["messages"].as_array().unwrap().clone()
    }

    /// A handset writes to one of the account's numbers.
    pub async fn text(&self, from: &str, to: &str, body: &str) -> Reply {
        self.post(
            "/sandbox/v1/Phones/Messages",
            &[("From", from), ("To", to), ("Body", body)],
        )
        .await
    }

    pub async fn advance(&self, duration: &str) {
        let reply = self
            .post("/sandbox/v1/Clock", &[("Advance", duration)])
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    /// Every item of a list, following `next_page_url`.
    pub async fn all(&self, path: &str, key: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut reply = self.get(path).await;
        loop {
            assert_eq!(reply.status, 200, "{}", reply.body);
            items.extend(reply.body[key].as_array().unwrap().iter().cloned());
            match reply.body["meta"]["next_page_url"].as_str() {
                Some(next) => reply = self.get_url(next).await,
                None => return items,
            }
        }
    }

    /// The SID of the demo conversation with this friendly name.
    pub async fn demo_sid(&self, name: &str) -> String {
        self.all("/v1/Conversations", "conversations")
            .await
            .into_iter()
            .find(|c| c["friendly_name"] == name)
            .unwrap_or_else(|| panic!("no demo conversation {name}"))["sid"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}
