//! The server processes sharing one database, and who holds which background work. Each process
//! is an instance with a random id that notes itself in `instances` every second; a piece of work
//! (an import row, an opt-in relay, an unsettled pairing) is held by one instance at a time, taken with
//! one conditional UPDATE, and free for any other once its holder has not been seen for `STALE`.

pub mod rows;
pub mod sweep;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;

use crate::db::{Db, now_millis};

/// How often an instance notes that it is alive.
pub const HEARTBEAT: Duration = Duration::from_secs(1);
/// How long an instance may go unseen before its work is taken over: several missed heartbeats, so
/// a busy moment is not taken for a death.
pub const STALE: Duration = Duration::from_secs(5);
/// How long a dead instance's row is kept, for whoever looks at the table.
const FORGET_AFTER: Duration = Duration::from_secs(3600);

/// The condition under which a row of `$table` may be taken by the instance bound as `$1`, with `$2`
/// the time (ms) before which an instance's last heartbeat means it is dead: nobody holds the row,
/// this instance does, or its holder is dead. PostgreSQL evaluates it again on the newest version of
/// a row another transaction has just updated, so of several instances taking the same row at once,
/// exactly one affects it; SQLite runs one writer at a time.
macro_rules! free_or_orphaned {
    ($table:literal) => {
        concat!(
            "(",
            $table,
            ".held_by IS NULL OR ",
            $table,
            ".held_by = $1 OR NOT EXISTS (SELECT 1 FROM instances WHERE instances.id = ",
            $table,
            ".held_by AND instances.seen_at_ms > $2))"
        )
    };
}
pub(crate) use free_or_orphaned;

/// This process as one of the instances on the database.
pub struct Instance {
    pub id: String,
    /// The work this process is doing right now, by key: a piece of work it holds is carried out by
    /// one task at a time.
    here: Mutex<HashSet<String>>,
}

impl Instance {
    /// A new instance with a random id, not yet registered.
    pub fn new() -> Arc<Instance> {
        Arc::new(Instance {
            id: format!("{:032x}", rand::rng().random::<u128>()),
            here: Mutex::default(),
        })
    }

    /// The time (ms) before which an instance's last heartbeat means it is dead: `$2` of
    /// `free_or_orphaned!`.
    pub fn dead_before() -> i64 {
        now_millis() - STALE.as_millis() as i64
    }

    /// Notes that a task of this process works on `key` until the guard is dropped; `None` when
    /// another task here already does.
    pub fn begin(self: &Arc<Self>, key: String) -> Option<Here> {
        let mut here = self.here.lock().unwrap_or_else(|e| e.into_inner());
        here.insert(key.clone()).then(|| Here {
            instance: self.clone(),
            key,
        })
    }
}

/// A piece of work a task of this process is carrying out.
pub struct Here {
    instance: Arc<Instance>,
    key: String,
}

impl Drop for Here {
    fn drop(&mut self) {
        let mut here = self.instance.here.lock().unwrap_or_else(|e| e.into_inner());
        here.remove(&self.key);
    }
}

/// Notes the instance as alive now (inserting it the first time, or again if it was forgotten).
pub async fn note_alive(db: &Db, instance: &Instance) -> Result<(), sqlx::Error> {
    let now = now_millis();
    sqlx::query(
        "INSERT INTO instances (id, started_at_ms, seen_at_ms) VALUES ($1, $2, $2) \
         ON CONFLICT (id) DO UPDATE SET seen_at_ms = excluded.seen_at_ms",
    )
    .bind(&instance.id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Notes the instance as alive every `HEARTBEAT`, for as long as the process runs.
pub async fn heartbeat(db: Db, instance: Arc<Instance>) {
    let mut failing = false;
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        match note_alive(&db, &instance).await {
            Ok(()) if failing => {
                failing = false;
                tracing::info!("this instance is noted as alive again");
            }
            Ok(()) => {}
            Err(error) if !failing => {
                failing = true;
                tracing::warn!(%error, "could not note this instance as alive; its background work may be taken over");
            }
            Err(_) => {}
        }
    }
}

/// Removes instances dead for an hour: what they held is free either way, since a holder that is
/// not in the table is not alive.
pub async fn forget_long_dead(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM instances WHERE seen_at_ms < $1")
        .bind(now_millis() - FORGET_AFTER.as_millis() as i64)
        .execute(db)
        .await?;
    Ok(())
}
