//! A standalone sandbox with known credentials, reached through a recording proxy: tests count the
//! upstream calls the server makes and can make one fail after the sandbox has carried it out.

use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::SecretString;
use switchboard_core::Sid;
use switchboard_sandbox::{RunningSandbox, SandboxCredentials, SandboxOptions, SandboxState};
use switchboard_server::Upstream;
use switchboard_twilio::{Bases, Credentials};

pub const ACCOUNT_SID: &str = "AC00000000000000000000000000000001";
pub const AUTH_TOKEN: &str = "sandbox-auth-token-for-tests";

/// A sandbox of its own on a loopback port, with the demo data, the test controls and these
/// credentials.
pub async fn standalone_sandbox(account_sid: &str, auth_token: &str) -> RunningSandbox {
    let credentials = SandboxCredentials::new(
        account_sid.into(),
        SecretString::from(auth_token.to_owned()),
    );
    let options = SandboxOptions {
        test_controls: true,
        ..SandboxOptions::default()
    };
    let state = SandboxState::with_demo_data(credentials).with_options(options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    switchboard_sandbox::spawn(listener, state).unwrap()
}

#[derive(Clone, Default)]
struct Recording {
    calls: Arc<Mutex<Vec<String>>>,
    /// A path prefix: the next request to it is carried out upstream, then answered 502.
    lose_answer_of: Arc<Mutex<Option<String>>>,
    target: String,
}

pub struct RecordedUpstream {
    pub sandbox: RunningSandbox,
    pub proxy_base: String,
    recording: Recording,
}

impl RecordedUpstream {
    pub async fn start() -> RecordedUpstream {
        let sandbox = standalone_sandbox(ACCOUNT_SID, AUTH_TOKEN).await;
        let recording = Recording {
            target: sandbox.base_url(),
            ..Recording::default()
        };
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(recording.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        RecordedUpstream {
            sandbox,
            proxy_base,
            recording,
        }
    }

    /// The server's upstream: Twilio's wire format at the proxy, with the auth token that signs webhooks.
    pub fn upstream(&self) -> Upstream {
        Upstream::Twilio {
            account_sid: Sid::parse(ACCOUNT_SID, "AC", "account").unwrap(),
            credentials: Credentials::new(ACCOUNT_SID, SecretString::from(AUTH_TOKEN)),
            bases: Bases::single_origin(&self.proxy_base),
            auth_token: Some(SecretString::from(AUTH_TOKEN)),
        }
    }

    /// `METHOD /path` of every call since the last `take_calls`, query strings left out.
    pub fn take_calls(&self) -> Vec<String> {
        std::mem::take(&mut *self.recording.calls.lock().unwrap())
    }

    pub fn lose_answer_of(&self, path_prefix: &str) {
        *self.recording.lose_answer_of.lock().unwrap() = Some(path_prefix.to_owned());
    }

    /// A request straight to the sandbox, e.g. to play a phone or look at what Twilio holds.
    pub fn sandbox_client(&self) -> SandboxClient {
        SandboxClient {
            base: self.sandbox.base_url(),
            http: reqwest::Client::new(),
        }
    }
}

pub struct SandboxClient {
    pub base: String,
    http: reqwest::Client,
}

impl SandboxClient {
    pub async fn get(&self, path: &str) -> serde_json::Value {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        response.json().await.unwrap()
    }

    pub async fn send_delete(&self, path: &str) -> reqwest::Response {
        self.http
            .delete(format!("{}{path}", self.base))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

async fn forward(State(recording): State<Recording>, request: Request) -> Response {
    let method = request.method().clone();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|pq| pq.to_string())
        .unwrap_or_default();
    let path = request.uri().path().to_owned();
    recording
        .calls
        .lock()
        .unwrap()
        .push(format!("{method} {path}"));
    let headers = request.headers().clone();
    let body = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let answer = send(&recording.target, method, &path_and_query, &headers, body).await;
    let lose = {
        let mut lose = recording.lose_answer_of.lock().unwrap();
        let hit = lose
            .as_deref()
            .is_some_and(|prefix| path.starts_with(prefix));
        if hit {
            *lose = None;
        }
        hit
    };
    if lose {
        return (StatusCode::BAD_GATEWAY, "the answer was lost on the way").into_response();
    }
    answer
}

async fn send(
    target: &str,
    method: axum::http::Method,
    path: &str,
    headers: &HeaderMap,
    body: Bytes,
) -> Response {
    let mut request = reqwest::Client::new()
        .request(method, format!("{target}{path}"))
        .body(body);
    for name in ["authorization", "content-type"] {
        if let Some(value) = headers.get(name) {
            request = request.header(name, value.as_bytes());
        }
    }
    let response = request.send().await.unwrap();
    let mut builder = Response::builder().status(response.status().as_u16());
    for name in ["content-type", "retry-after"] {
        if let Some(value) = response.headers().get(name) {
            builder = builder.header(name, value.as_bytes());
        }
    }
    let bytes = response.bytes().await.unwrap_or_default();
    builder.body(Body::from(bytes)).unwrap()
}
