//! The sandbox: a Twilio-compatible emulator of the Conversations API, served over HTTP on loopback.
//!
//! It speaks Twilio's wire format (form-encoded requests, HTTP basic auth, snake_case JSON, `meta`
//! paging, Twilio error bodies) so that the same client code runs against it and against Twilio.

mod auth;
mod error;
mod paging;
mod routes;
mod seed;
mod sid;
mod store;
mod time_format;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use secrecy::SecretString;
use tokio::net::TcpListener;

pub use auth::SandboxCredentials;
pub use error::TwilioError;
pub use store::Store;

/// Shared state of one running sandbox.
#[derive(Clone)]
pub struct SandboxState {
    pub(crate) credentials: Arc<SandboxCredentials>,
    pub(crate) store: Arc<Mutex<Store>>,
}

impl SandboxState {
    /// An empty sandbox that accepts `credentials`.
    pub fn new(credentials: SandboxCredentials) -> Self {
        let store = Store::new(credentials.account_sid().to_owned());
        SandboxState {
            credentials: Arc::new(credentials),
            store: Arc::new(Mutex::new(store)),
        }
    }

    /// A sandbox holding the demo conversations an operator sees on first start.
    pub fn with_demo_data(credentials: SandboxCredentials) -> Self {
        let state = SandboxState::new(credentials);
        seed::demo(&mut state.store.lock().expect("store lock"));
        state
    }
}

pub fn router(state: SandboxState) -> Router {
    routes::router()
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
    /// `http://127.0.0.1:PORT`: the base URL to give a Twilio client in place of Twilio's.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Serves `state` on `listener` in a background task.
pub fn spawn(listener: TcpListener, state: SandboxState) -> std::io::Result<RunningSandbox> {
    let addr = listener.local_addr()?;
    let account_sid = state.credentials.account_sid().to_owned();
    let auth_token = state.credentials.auth_token().clone();
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
