//! `AppState`, what every handler and background task shares.

use std::sync::Arc;

use secrecy::SecretString;
use switchboard_core::api::UpstreamMode;
use switchboard_twilio::Client;

use crate::audit::Audit;
use crate::auth::AuthState;
use crate::clock::Clock;
use crate::config::MirrorOptions;
use crate::db::Db;
use crate::events::Events;
use crate::instances::Instance;
use crate::metrics::Metrics;
use crate::numbers::Numbers;
use crate::sandbox::SandboxLink;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub twilio: Client,
    pub upstream: UpstreamMode,
    pub db: Db,
    pub audit: Audit,
    pub auth: Arc<AuthState>,
    pub metrics: Metrics,
    /// The business numbers pairings may use.
    pub numbers: Numbers,
    pub clock: Clock,
    /// Where Twilio reaches this server (for the webhooks it registers), without a trailing slash.
    pub public_base: String,
    /// The auth token Twilio signs webhooks with; `None` when only an API key is configured.
    pub webhook_token: Option<SecretString>,
    /// The embedded sandbox, when it is the upstream: its phones are offered through `/api/v1/sandbox`.
    pub sandbox: Option<SandboxLink>,
    /// This process among the instances sharing the database: who holds background work.
    pub instance: Arc<Instance>,
    /// What this instance learns, told to the pages of every instance.
    pub events: Events,
    /// The account mirror's reconcile: how often and within how many upstream calls.
    pub mirror: MirrorOptions,
}
