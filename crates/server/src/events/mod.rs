//! Events between instances: what one instance learns (an import row done, an opt-in step) reaches
//! the pages every instance serves. `publish` hands an event to this instance's open streams and, on
//! PostgreSQL, to the others through `LISTEN/NOTIFY` on one channel (no other broker); on SQLite
//! there is one instance, so it stays local. Each event is first written to `event_log` (`log`),
//! which numbers it: the number travels with it to every instance, so every stream sends the same
//! SSE `id`, and a stream resumed with `Last-Event-ID` replays what it missed from the log. Events
//! are hints to re-read, so one lost while the database is away costs a page a moment, never a
//! record.

mod follow;
mod log;
mod postgres;

use std::sync::Arc;

use rand::RngCore;
use tokio::sync::{broadcast, mpsc, watch};

use crate::db::{self, Db, Engine};
pub use follow::follow;
pub use switchboard_core::api::Event;

/// Events an open stream may fall behind by before it is told it missed some.
const LOCAL_CAPACITY: usize = 1024;
/// Events waiting for the database to pass them on; past this they are dropped (and said so).
const OUTGOING_CAPACITY: usize = 4096;

/// An event with the number `event_log` gave it (`None` when the log could not be written).
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub id: Option<i64>,
    pub event: Event,
}

/// This instance's event hub, shared through `AppState`.
#[derive(Clone)]
pub struct Events(Arc<Hub>);

struct Hub {
    local: broadcast::Sender<Logged>,
    /// To the task that logs each event, then hands it to this instance's streams and (on
    /// PostgreSQL) the other instances'.
    outgoing: mpsc::Sender<Event>,
    /// Set once when the server stops: every stream ends, so the server can finish its requests.
    closing: watch::Sender<bool>,
}

impl Events {
    /// The hub of an instance on `db`: on PostgreSQL it starts the tasks that notify the other
    /// instances and listen to them.
    pub fn start(db: &Db) -> Events {
        let (local, _) = broadcast::channel(LOCAL_CAPACITY);
        let (closing, _) = watch::channel(false);
        let (outgoing, queued) = mpsc::channel(OUTGOING_CAPACITY);
        let hub = Arc::new(Hub {
            local,
            outgoing,
            closing,
        });
        let origin = (db::engine(db) == Engine::Postgres).then(random_origin);
        if let Some(origin) = &origin {
            tokio::spawn(postgres::listen(
                db.clone(),
                origin.clone(),
                Arc::downgrade(&hub),
            ));
        }
        tokio::spawn(log::write(db.clone(), origin, queued, Arc::downgrade(&hub)));
        Events(hub)
    }

    /// Tells every open stream of every instance; never waits. When the log is too far behind,
    /// the event goes to this instance's streams at once, unnumbered.
    pub fn publish(&self, event: Event) {
        if let Err(refused) = self.0.outgoing.try_send(event) {
            tracing::warn!(
                "an event was not logged nor passed to the other instances: the database is behind"
            );
            self.0.heard(Logged {
                id: None,
                event: refused.into_inner(),
            });
        }
    }

    /// The events published from now on, here and (on PostgreSQL) by the other instances.
    pub fn subscribe(&self) -> broadcast::Receiver<Logged> {
        self.0.local.subscribe()
    }

    /// Ends every open stream, for good: the server is stopping.
    pub fn close(&self) {
        self.0.closing.send_replace(true);
    }

    fn closing(&self) -> watch::Receiver<bool> {
        self.0.closing.subscribe()
    }
}

impl Hub {
    /// An event logged here or published by another instance.
    fn heard(&self, logged: Logged) {
        self.local.send(logged).ok();
    }
}

/// Tells this hub's notifications from the others' (its own come back on the channel too).
fn random_origin() -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
