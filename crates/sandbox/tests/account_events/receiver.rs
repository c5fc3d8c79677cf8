//! A local endpoint that records every webhook the sandbox sends it, and the checks made on them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};

/// A request the receiver got: its full URL, signature, idempotency token and fields (from the
/// body of a POST, from the query of a GET).
#[derive(Clone, Debug)]
pub struct Received {
    pub url: String,
    pub signature: String,
    pub idempotency_token: String,
    pub params: Vec<(String, String)>,
}

impl Received {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn event(&self) -> &str {
        self.param("EventType").unwrap_or("")
    }

    /// Signed with `token` as Twilio signs: the URL, then the POST fields sorted by name.
    pub fn signed_with(&self, token: &str) -> bool {
        let signed_fields: Vec<(String, String)> = if self.url.contains('?') {
            Vec::new()
        } else {
            self.params.clone()
        };
        switchboard_twilio::signature::verify(token, &self.url, &signed_fields, &self.signature)
    }
}

#[derive(Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<Received>>>);

impl Inbox {
    pub fn all(&self) -> Vec<Received> {
        self.0.lock().unwrap().clone()
    }

    /// Waits (up to ten seconds) until `count` requests have arrived, and returns them.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            let got = self.all();
            if got.len() >= count {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{count} webhooks were expected, {} arrived: {:#?}",
            self.all().len(),
            self.all().iter().map(Received::event).collect::<Vec<_>>()
        );
    }
}

/// Starts a receiver on a free port; returns its base URL (`http://127.0.0.1:PORT`).
pub async fn receiver() -> (String, Inbox) {
    let inbox = Inbox::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .fallback(
            |State((inbox, base)): State<(Inbox, String)>, request: Request| async move {
                let url = format!("{base}{}", request.uri());
                let query = request.uri().query().unwrap_or("").to_owned();
                let headers = request.headers().clone();
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned()
                };
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let params = if body.is_empty() {
                    serde_urlencoded::from_str(&query).unwrap()
                } else {
                    serde_urlencoded::from_bytes(&body).unwrap()
                };
                inbox.0.lock().unwrap().push(Received {
                    url,
                    signature: header("X-Twilio-Signature"),
                    idempotency_token: header("I-Twilio-Idempotency-Token"),
                    params,
                });
                "ok"
            },
        )
        .with_state((inbox.clone(), base.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, inbox)
}
