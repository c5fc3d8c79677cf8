use std::io;
use std::net::SocketAddr;

use axum::Router;
use switchboard_core::api::UpstreamMode;
use switchboard_sandbox::{RunningSandbox, SandboxCredentials, SandboxState};
use switchboard_twilio::{Bases, Client, ClientConfig, Credentials};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::config::{Config, Upstream};
use crate::{api, ui};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub twilio: Client,
    pub upstream: UpstreamMode,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0} is already in use: stop the program using it, or pass --listen with another port")]
    PortInUse(SocketAddr),
    #[error("could not listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("could not start the embedded sandbox: {0}")]
    Sandbox(io::Error),
    #[error("could not set up the Twilio client: {0}")]
    Client(#[from] switchboard_twilio::Error),
}

/// A server bound to its port and ready to run; `listen` may use port 0 (tests).
pub struct Application {
    listener: TcpListener,
    router: Router,
    /// Kept so the sandbox lives as long as the server.
    _sandbox: Option<RunningSandbox>,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| match source.kind() {
                    io::ErrorKind::AddrInUse => StartError::PortInUse(config.listen),
                    _ => StartError::Bind {
                        addr: config.listen,
                        source,
                    },
                })?;
        let (client_config, upstream, sandbox) = match config.upstream {
            Upstream::Sandbox => {
                let sandbox = start_sandbox().await?;
                let credentials =
                    Credentials::new(sandbox.account_sid.clone(), sandbox.auth_token.clone());
                let client_config =
                    ClientConfig::new(Bases::single_origin(&sandbox.base_url()), credentials);
                (client_config, UpstreamMode::Sandbox, Some(sandbox))
            }
            Upstream::Twilio {
                credentials, bases, ..
            } => {
                let client_config = ClientConfig::new(bases, credentials);
                (client_config, UpstreamMode::Twilio, None)
            }
        };
        let state = AppState {
            twilio: Client::new(client_config)?,
            upstream,
        };
        let router = router(state, config.ui_dir.as_deref());
        Ok(Application {
            listener,
            router,
            _sandbox: sandbox,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub async fn run_until_stopped(self) -> io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await
    }
}

pub fn router(state: AppState, ui_dir: Option<&std::path::Path>) -> Router {
    let app = Router::new().nest("/api/v1", api::router(state));
    let app = match ui_dir {
        Some(dir) => app.fallback_service(ui::service(dir)),
        None => app,
    };
    app.layer(TraceLayer::new_for_http())
}

async fn start_sandbox() -> Result<RunningSandbox, StartError> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(StartError::Sandbox)?;
    let state = SandboxState::with_demo_data(SandboxCredentials::generate());
    let sandbox = switchboard_sandbox::spawn(listener, state).map_err(StartError::Sandbox)?;
    tracing::info!(addr = %sandbox.addr, "embedded sandbox started");
    Ok(sandbox)
}

async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
