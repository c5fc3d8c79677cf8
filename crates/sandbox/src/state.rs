//! One sandbox's shared state (store, clock, database, faults, webhook queue), and committing a
//! change: written to the database before the answer, its webhooks queued in order.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::clock::Clock;
use crate::db::Db;
use crate::faults::Faults;
use crate::store::{Dispatch, Store};
use crate::{SandboxCredentials, TwilioError, seed};

/// How a sandbox behaves beyond Twilio's rules.
#[derive(Debug, Clone, Copy)]
pub struct SandboxOptions {
    /// Serve `/sandbox/v1/Faults` and `/sandbox/v1/Clock`, which only tests should reach.
    pub test_controls: bool,
    /// Create a conversation for an inbound message no conversation holds, as Twilio does with
    /// "handle inbound messages with Conversations".
    pub auto_create: bool,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            test_controls: false,
            auto_create: true,
        }
    }
}

/// Shared state of one running sandbox.
#[derive(Clone)]
pub struct SandboxState {
    pub(crate) credentials: Arc<SandboxCredentials>,
    pub(crate) store: Arc<tokio::sync::Mutex<Store>>,
    pub(crate) clock: Arc<Clock>,
    pub(crate) db: Option<Db>,
    pub(crate) options: SandboxOptions,
    pub(crate) faults: Arc<Faults>,
    pub(crate) hooks: mpsc::UnboundedSender<Dispatch>,
    pub(crate) hooks_inbox: Arc<Mutex<Option<mpsc::UnboundedReceiver<Dispatch>>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the sandbox database {path} could not be opened: {source}")]
    Database { path: String, source: sqlx::Error },
    #[error("the sandbox database {path} holds data this version cannot read: {reason}")]
    Damaged { path: String, reason: String },
}

impl SandboxState {
    /// An empty in-memory sandbox that accepts `credentials`.
    pub fn new(credentials: SandboxCredentials) -> Self {
        let clock = Arc::new(Clock::default());
        let store = Store::new(credentials.account_sid().to_owned(), clock.clone());
        SandboxState::assemble(credentials, store, clock, None)
    }

    /// An in-memory sandbox holding the demo account an operator sees on first start.
    pub fn with_demo_data(credentials: SandboxCredentials) -> Self {
        let state = SandboxState::new(credentials);
        seed::demo(&mut state.store.try_lock().expect("a new store is unlocked"));
        state
    }

    /// A sandbox kept in the SQLite file at `path` (created if missing). A new file gets the
    /// demo account; an existing one is never seeded over.
    pub async fn open(credentials: SandboxCredentials, path: &Path) -> Result<Self, OpenError> {
        let shown = path.display().to_string();
        let db = Db::open(path).await.map_err(|source| OpenError::Database {
            path: shown.clone(),
            source,
        })?;
        let records = db.load().await.map_err(|source| OpenError::Database {
            path: shown.clone(),
            source,
        })?;
        let clock = Arc::new(Clock::default());
        let account = credentials.account_sid().to_owned();
        let mut store = Store::from_records(account, clock.clone(), records).map_err(|reason| {
            OpenError::Damaged {
                path: shown.clone(),
                reason,
            }
        })?;
        let clock = Arc::new(Clock::with_offset_ms(store.meta.clock_offset_ms));
        store.clock = clock.clone();
        if store.is_empty() {
            seed::demo(&mut store);
        }
        let state = SandboxState::assemble(credentials, store, clock, Some(db));
        let mut store = state.store.lock().await;
        state
            .commit(&mut store, false)
            .await
            .map_err(|e| OpenError::Damaged {
                path: shown,
                reason: e.message,
            })?;
        drop(store);
        Ok(state)
    }

    /// The sandbox's "now" (real time plus however far tests have moved its clock).
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    pub fn with_options(mut self, options: SandboxOptions) -> Self {
        self.options = options;
        self
    }

    fn assemble(
        credentials: SandboxCredentials,
        store: Store,
        clock: Arc<Clock>,
        db: Option<Db>,
    ) -> Self {
        let (hooks, inbox) = mpsc::unbounded_channel();
        let faults = store.faults.clone();
        SandboxState {
            credentials: Arc::new(credentials),
            store: Arc::new(tokio::sync::Mutex::new(store)),
            clock,
            db,
            options: SandboxOptions::default(),
            faults,
            hooks,
            hooks_inbox: Arc::new(Mutex::new(Some(inbox))),
        }
    }

    /// Writes what changed and sends the webhooks the change asked for: all of them when `fire`
    /// is set (a handset, a timer, or a REST call with `X-Twilio-Webhook-Enabled`), else only
    /// delivery updates, which come from the channel, not from the REST call.
    /// Called with the store still locked, so writes reach the database in the order made.
    pub(crate) async fn commit(&self, store: &mut Store, fire: bool) -> Result<(), TwilioError> {
        let outbox = store.take_outbox();
        match &self.db {
            Some(db) => {
                let changes = store.take_changes();
                if let Err(error) = db.write(&changes).await {
                    tracing::error!(%error, "the sandbox could not save a change");
                    return Err(TwilioError::new(
                        500,
                        20500,
                        "Internal server error: the change could not be saved",
                    ));
                }
            }
            // Nothing to write: skip turning each changed record into JSON.
            None => store.discard_changes(),
        }
        for dispatch in outbox {
            if fire || dispatch.event_type == "onDeliveryUpdated" {
                let _ = self.hooks.send(dispatch);
            }
        }
        Ok(())
    }

    pub(crate) async fn tick(&self) {
        let mut store = self.store.lock().await;
        store.apply_timers();
        let _ = self.commit(&mut store, true).await;
    }
}

/// Checks the conversation timers every second (of simulated time: advancing the clock runs them
/// at once too).
pub(crate) fn start_timers(state: SandboxState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        loop {
            every.tick().await;
            state.tick().await;
        }
    });
}
