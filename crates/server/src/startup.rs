//! `Application::build`: the database, the upstream (Twilio or the embedded sandbox), the state and the outer router.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::get;
use secrecy::{ExposeSecret, SecretString};
use switchboard_core::api::UpstreamMode;
use switchboard_sandbox::{RunningSandbox, SandboxCredentials, SandboxOptions, SandboxState};
use switchboard_twilio::{Bases, Client, ClientConfig, Credentials};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::audit::Audit;
use crate::auth::AuthState;
use crate::auth::setup::SetupGate;
use crate::clock::Clock;
use crate::config::{Config, UiSource, Upstream};
use crate::db::{self, DbError};
use crate::events::Events;
use crate::instances::{self, Instance};
use crate::metrics::Metrics;
use crate::numbers::Numbers;
use crate::sandbox::SandboxLink;
use crate::security::{self, Security};
use crate::state::AppState;
use crate::{api, health, staff, ui};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0} is already in use: stop the program using it, or pass --listen with another port")]
    PortInUse(SocketAddr),
    #[error("could not listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("could not start the embedded sandbox: {0}")]
    Sandbox(io::Error),
    #[error("{0}: pass --sandbox-db with another file, or move this one away")]
    SandboxDb(#[from] switchboard_sandbox::OpenError),
    #[error("could not set up the Twilio client: {0}")]
    Client(#[from] switchboard_twilio::Error),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("could not read the staff accounts: {0}")]
    Accounts(String),
    #[error("could not note this server among the instances in the database: {0}")]
    Instance(sqlx::Error),
}

/// A server bound to its port and ready to run; `listen` may use port 0 (tests).
pub struct Application {
    listener: TcpListener,
    router: Router,
    setup_link: Option<String>,
    events: Events,
    /// Kept so the sandbox lives as long as the server.
    _sandbox: Option<RunningSandbox>,
}

/// What the server talks to: Twilio, or the embedded sandbox whose clock becomes the server's.
struct UpstreamLink {
    client_config: ClientConfig,
    mode: UpstreamMode,
    sandbox: Option<RunningSandbox>,
    clock: Clock,
    webhook_token: Option<SecretString>,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let listener = bind(config.listen).await?;
        let mut upstream = connect_upstream(
            config.upstream,
            config.sandbox_test_controls,
            config.sandbox_db.as_deref(),
        )
        .await?;
        upstream.client_config.timeout = config.upstream_timeout;
        let db = db::connect(&config.db).await?;
        let setup = setup_gate(&db, config.setup_token).await?;
        let instance = Instance::new();
        instances::note_alive(&db, &instance)
            .await
            .map_err(StartError::Instance)?;
        let base = config.public_url.clone().unwrap_or_else(|| {
            format!("http://{}", listener.local_addr().unwrap_or(config.listen))
        });
        let setup_link = setup
            .token()
            .map(|token| format!("{base}/setup?token={}", token.expose_secret()));
        let events = Events::start(&db);
        let state = AppState {
            twilio: Client::new(upstream.client_config)?,
            upstream: upstream.mode,
            audit: Audit::new(db.clone()),
            db,
            auth: Arc::new(AuthState {
                secure_cookie: base.starts_with("https://"),
                throttle: Default::default(),
                setup,
                sessions: Default::default(),
            }),
            metrics: Metrics::default(),
            numbers: Numbers::new(config.proxy_numbers.clone()),
            clock: upstream.clock,
            sandbox: upstream.sandbox.as_ref().map(SandboxLink::new),
            public_base: base.clone(),
            webhook_token: upstream.webhook_token,
            instance,
            events: events.clone(),
            mirror: config.mirror,
        };
        let security = security_for(config.ui.as_ref(), config.public_url.clone());
        tokio::spawn(instances::heartbeat(
            state.db.clone(),
            state.instance.clone(),
        ));
        tokio::spawn(instances::sweep::run(state.clone()));
        tokio::spawn(crate::mirror::start(state.clone()));
        let router = router(state, config.ui.as_ref(), security);
        Ok(Application {
            listener,
            router,
            setup_link,
            events,
            _sandbox: upstream.sandbox,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// While no staff account exists: the one-time link that creates the first admin.
    pub fn setup_link(&self) -> Option<&str> {
        self.setup_link.as_deref()
    }

    pub async fn run_until_stopped(self) -> io::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let events = self.events;
        axum::serve(self.listener, service)
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                // Open event streams would otherwise hold the server up for ever.
                events.close();
            })
            .await
    }
}

pub fn router(state: AppState, ui: Option<&UiSource>, security: Security) -> Router {
    let metrics = state.metrics.clone();
    let probes = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route_layer(middleware::from_fn(crate::metrics::note_route))
        .with_state(state.clone());
    let hooks = Router::new()
        .route(
            crate::opt_in::HOOK_PATH,
            axum::routing::post(crate::opt_in::hook::opt_in_hook),
        )
        .route(
            crate::mirror::HOOK_PATH,
            axum::routing::post(crate::mirror::hook::events_hook),
        )
        .with_state(state.clone());
    let app = Router::new()
        .merge(api::router(state))
        .merge(probes)
        .merge(hooks);
    let app = match ui {
        Some(UiSource::Folder(dir)) => app.fallback_service(ui::service(dir)),
        Some(UiSource::Carried) => app.fallback_service(ui::embedded_service()),
        None => app,
    };
    app.layer(middleware::from_fn_with_state(
        security.clone(),
        security::same_origin,
    ))
    .layer(middleware::from_fn_with_state(security, security::headers))
    .layer(middleware::from_fn_with_state(
        metrics,
        crate::metrics::track,
    ))
    .layer(TraceLayer::new_for_http().make_span_with(crate::metrics::request_span))
}

async fn bind(listen: SocketAddr) -> Result<TcpListener, StartError> {
    TcpListener::bind(listen)
        .await
        .map_err(|source| match source.kind() {
            io::ErrorKind::AddrInUse => StartError::PortInUse(listen),
            _ => StartError::Bind {
                addr: listen,
                source,
            },
        })
}

/// How to reach the configured upstream, starting the embedded sandbox first when that is it.
async fn connect_upstream(
    upstream: Upstream,
    sandbox_test_controls: bool,
    sandbox_db: Option<&std::path::Path>,
) -> Result<UpstreamLink, StartError> {
    Ok(match upstream {
        Upstream::Sandbox => {
            let (sandbox, clock) = start_sandbox(sandbox_test_controls, sandbox_db).await?;
            let credentials =
                Credentials::new(sandbox.account_sid.clone(), sandbox.auth_token.clone());
            UpstreamLink {
                client_config: ClientConfig::new(
                    Bases::single_origin(&sandbox.base_url()),
                    credentials,
                ),
                mode: UpstreamMode::Sandbox,
                webhook_token: Some(sandbox.auth_token.clone()),
                sandbox: Some(sandbox),
                clock,
            }
        }
        Upstream::Twilio {
            credentials,
            bases,
            auth_token,
            ..
        } => UpstreamLink {
            client_config: ClientConfig::new(bases, credentials),
            mode: UpstreamMode::Twilio,
            sandbox: None,
            clock: Clock::system(),
            webhook_token: auth_token,
        },
    })
}

/// Open for the first admin while there is no staff account, closed otherwise.
async fn setup_gate(
    db: &db::Db,
    setup_token: Option<SecretString>,
) -> Result<SetupGate, StartError> {
    let accounts = staff::count(db)
        .await
        .map_err(|e| StartError::Accounts(e.to_string()))?;
    Ok(if accounts == 0 {
        SetupGate::open(setup_token)
    } else {
        SetupGate::default()
    })
}

/// The CSP allows the inline scripts of the served `index.html` by their hashes.
fn security_for(ui: Option<&UiSource>, public_url: Option<String>) -> Security {
    let index_html = match ui {
        Some(UiSource::Folder(dir)) => std::fs::read_to_string(dir.join("index.html")).ok(),
        Some(UiSource::Carried) => ui::embedded::index_html(),
        None => None,
    };
    Security {
        csp: security::content_security_policy(index_html.as_deref()),
        public_url,
    }
}

/// Starts the embedded sandbox; its clock becomes the server's, so that what the server judges by
/// time (the WhatsApp window) agrees with what the sandbox does.
async fn start_sandbox(
    test_controls: bool,
    db: Option<&std::path::Path>,
) -> Result<(RunningSandbox, Clock), StartError> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(StartError::Sandbox)?;
    let options = SandboxOptions {
        test_controls,
        ..SandboxOptions::default()
    };
    let credentials = SandboxCredentials::generate();
    let state = match db {
        Some(path) => SandboxState::open(credentials, path).await?,
        None => SandboxState::with_demo_data(credentials),
    }
    .with_options(options);
    let clock_source = state.clone();
    let sandbox = switchboard_sandbox::spawn(listener, state).map_err(StartError::Sandbox)?;
    tracing::info!(addr = %sandbox.addr, "embedded sandbox started");
    Ok((sandbox, Clock::from_fn(move || clock_source.now())))
}

/// Ctrl-C, or SIGTERM as a service manager sends it: new connections stop being accepted and the
/// requests in flight are answered before the process exits.
async fn shutdown_signal() {
    let interrupted = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminated = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminated = std::future::pending::<()>();
    tokio::select! {
        () = interrupted => {}
        () = terminated => {}
    }
    tracing::info!("stopping: answering the requests in flight, taking no new ones");
}
