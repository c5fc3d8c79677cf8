//! Events between instances: what one instance learns (an import row done, an opt-in step) reaches
//! the pages every instance serves. `publish` hands an event to this instance's open streams and, on
//! PostgreSQL, to the others through `LISTEN/NOTIFY` on one channel (no other broker); on SQLite
//! there is one instance, so it stays local. Events are hints to re-read, so one lost while the
//! database is away costs a page a moment, never a record.

mod follow;
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

/// This instance's event hub, shared through `AppState`.
#[derive(Clone)]
pub struct Events(Arc<Hub>);

struct Hub {
    local: broadcast::Sender<Event>,
    /// To the task that notifies the other instances; `None` on SQLite.
    outgoing: Option<mpsc::Sender<Event>>,
    /// Set once when the server stops: every stream ends, so the server can finish its requests.
    closing: watch::Sender<bool>,
}

impl Events {
    /// The hub of an instance on `db`: on PostgreSQL it starts the tasks that notify the other
    /// instances and listen to them.
    pub fn start(db: &Db) -> Events {
        let (local, _) = broadcast::channel(LOCAL_CAPACITY);
        let (closing, _) = watch::channel(false);
        if db::engine(db) == Engine::Sqlite {
            return Events(Arc::new(Hub {
                local,
                outgoing: None,
                closing,
            }));
        }
        let (outgoing, queued) = mpsc::channel(OUTGOING_CAPACITY);
        let hub = Arc::new(Hub {
            local,
            outgoing: Some(outgoing),
            closing,
        });
        let origin = random_origin();
        tokio::spawn(postgres::notify(db.clone(), origin.clone(), queued));
        tokio::spawn(postgres::listen(db.clone(), origin, Arc::downgrade(&hub)));
        Events(hub)
    }

    /// Tells every open stream of every instance; never waits.
    pub fn publish(&self, event: Event) {
        if let Some(outgoing) = &self.0.outgoing
            && outgoing.try_send(event.clone()).is_err()
        {
            tracing::warn!(
                "an event was not passed to the other instances: the database is behind"
            );
        }
        self.0.local.send(event).ok();
    }

    /// The events published from now on, here and (on PostgreSQL) by the other instances.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
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
    /// An event another instance published.
    fn heard(&self, event: Event) {
        self.local.send(event).ok();
    }
}

/// Tells this hub's notifications from the others' (its own come back on the channel too).
fn random_origin() -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
