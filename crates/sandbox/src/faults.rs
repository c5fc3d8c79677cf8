//! Faults on demand, for tests of the code that calls the sandbox: latency, 429 with
//! `Retry-After`, 5xx, and dropped connections, per route and rate; webhook deliveries dropped
//! (`drop_events`), per receiver path and rate, for tests of the code that receives them; and
//! handsets out of reach (`unreachable`), whose messages fail with Twilio's 30003.

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde::Serialize;

use crate::{SandboxState, TwilioError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    Latency,
    TooManyRequests,
    ServerError,
    Drop,
    /// A webhook the sandbox sends is never sent (recorded as not delivered); `path` is matched
    /// against the receiving URL's path.
    DropEvents,
    /// A message to a handset whose address starts with `path` is not delivered: its receipt fails
    /// with 30003 (Unreachable destination handset), as when a phone is off or out of coverage.
    Unreachable,
}

/// What a fault is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A REST request's path.
    Request,
    /// The path of the URL a webhook is sent to.
    Event,
    /// The address of the handset a message is delivered to.
    Handset,
}

impl FaultKind {
    fn target(self) -> Target {
        match self {
            FaultKind::DropEvents => Target::Event,
            FaultKind::Unreachable => Target::Handset,
            _ => Target::Request,
        }
    }
}

impl FaultKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "latency" => Some(FaultKind::Latency),
            "429" | "too_many_requests" => Some(FaultKind::TooManyRequests),
            "5xx" | "server_error" => Some(FaultKind::ServerError),
            "drop" => Some(FaultKind::Drop),
            "drop_events" => Some(FaultKind::DropEvents),
            "unreachable" => Some(FaultKind::Unreachable),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Fault {
    pub sid: String,
    /// Applies to request paths starting with this.
    pub path: String,
    /// Applies to this method only, when set.
    pub method: Option<String>,
    #[serde(rename = "type")]
    pub kind: FaultKind,
    /// The share of matching requests hit, from 0 to 1.
    pub rate: f64,
    /// How many more requests to hit before the fault removes itself; unlimited when `None`.
    pub remaining: Option<u32>,
    pub latency_ms: u64,
    pub status: u16,
    pub retry_after: u32,
    /// How many requests it has hit so far.
    pub injected: u32,
}

#[derive(Debug, Default)]
pub struct Faults {
    list: Mutex<Vec<Fault>>,
}

impl Faults {
    pub fn add(&self, fault: Fault) {
        self.list.lock().expect("faults lock").push(fault);
    }

    pub fn list(&self) -> Vec<Fault> {
        self.list.lock().expect("faults lock").clone()
    }

    pub fn clear(&self) {
        self.list.lock().expect("faults lock").clear();
    }

    pub fn remove(&self, sid: &str) -> bool {
        let mut list = self.list.lock().expect("faults lock");
        let before = list.len();
        list.retain(|f| f.sid != sid);
        list.len() != before
    }

    /// Whether a webhook sent with `method` to a URL with this path is to be dropped, counting
    /// the hit.
    pub fn drops_event(&self, method: &str, path: &str) -> bool {
        self.draw(Target::Event, method, path).is_some()
    }

    /// Whether a message to the handset at `address` is not to be delivered, counting the hit.
    pub fn unreachable(&self, address: &str) -> bool {
        self.draw(Target::Handset, "POST", address).is_some()
    }

    /// The fault that hits this request (or webhook delivery, or handset), if any, counting it
    /// against its `remaining`.
    fn draw(&self, target: Target, method: &str, path: &str) -> Option<Fault> {
        let mut list = self.list.lock().expect("faults lock");
        let mut rng = rand::rng();
        let position = list.iter().position(|f| {
            f.kind.target() == target
                && path.starts_with(&f.path)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && rng.random::<f64>() < f.rate
        })?;
        list[position].injected += 1;
        let fault = list[position].clone();
        if let Some(remaining) = &mut list[position].remaining {
            *remaining -= 1;
            if *remaining == 0 {
                list.remove(position);
            }
        }
        Some(fault)
    }
}

pub async fn apply(State(state): State<SandboxState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !state.options.test_controls || path.starts_with("/sandbox/") {
        return next.run(request).await;
    }
    let Some(fault) = state
        .faults
        .draw(Target::Request, request.method().as_str(), path)
    else {
        return next.run(request).await;
    };
    match fault.kind {
        // Carried out at once, answered late: a client that gives up first cannot know it happened.
        FaultKind::Latency => {
            let response = next.run(request).await;
            tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
            response
        }
        FaultKind::TooManyRequests => {
            let mut response = TwilioError::new(429, 20429, "Too Many Requests").into_response();
            response
                .headers_mut()
                .insert("Retry-After", HeaderValue::from(fault.retry_after));
            response
        }
        FaultKind::ServerError => {
            let message = if fault.status == 503 {
                "Service Unavailable"
            } else {
                "Internal Server Error"
            };
            TwilioError::new(fault.status, 20500, message).into_response()
        }
        FaultKind::DropEvents | FaultKind::Unreachable => next.run(request).await,
        FaultKind::Drop => {
            // A body that fails makes the server abort the connection mid-response.
            let failing = futures_util::stream::once(async {
                Err::<axum::body::Bytes, _>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "dropped on purpose",
                ))
            });
            Response::builder()
                .header("Content-Length", "64")
                .body(Body::from_stream(failing))
                .expect("a valid response")
        }
    }
}
