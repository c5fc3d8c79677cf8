//! The sandbox: a Twilio-compatible emulator of the Conversations, Content and (a little of the)
//! Messaging APIs, with simulated handsets, served over HTTP on loopback.
//!
//! It speaks Twilio's wire format (form-encoded requests, HTTP basic auth, snake_case JSON, `meta`
//! paging, Twilio error bodies) so that the same client code runs against it and against Twilio.

mod auth;
pub mod cli;
mod clock;
mod db;
mod duration;
mod error;
mod faults;
mod hooks;
mod routes;
mod seed;
mod sid;
mod signature;
mod state;
mod store;
mod time_format;

use std::net::SocketAddr;

use axum::Router;
use secrecy::SecretString;
use tokio::net::TcpListener;

pub use auth::SandboxCredentials;
use error::TwilioError;
pub use state::{OpenError, SandboxOptions, SandboxState};

pub fn router(state: SandboxState) -> Router {
    routes::router(&state)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::apply,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_basic_auth,
        ))
        .with_state(state)
}

/// A sandbox serving on a loopback port of its own.
pub struct RunningSandbox {
    pub addr: SocketAddr,
    pub account_sid: String,
    pub auth_token: SecretString,
    pub task: tokio::task::JoinHandle<()>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`: the base URL of Conversations and Content, in place of Twilio's.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL of Messaging v1, which lives under `/messaging` because Conversations has a
    /// `/v1/Services` of its own.
    pub fn messaging_base_url(&self) -> String {
        format!("{}/messaging", self.base_url())
    }
}

/// Serves `state` on `listener` in a background task, with its webhook sender and timers.
pub fn spawn(listener: TcpListener, state: SandboxState) -> std::io::Result<RunningSandbox> {
    let addr = listener.local_addr()?;
    let account_sid = state.credentials.account_sid().to_owned();
    let auth_token = state.credentials.auth_token().clone();
    hooks::start(state.clone());
    state::start_timers(state.clone());
    let app = router(state);
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::error!(%error, "sandbox stopped");
        }
    });
    Ok(RunningSandbox {
        addr,
        account_sid,
        auth_token,
        task,
    })
}
