//! `event_log`: every published event, numbered, kept about an hour so a stream resumed with
//! `Last-Event-ID` gets what it missed. One task per instance writes queued events in batches (one
//! transaction each; on PostgreSQL the notifications to the other instances go in the same
//! transaction, so they carry the same numbers and leave at its commit), then hands them to this
//! instance's streams. While the database is away, events pass unnumbered rather than late.

use std::sync::Weak;
use std::time::Duration;

use sqlx::Row;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::{Event, Hub, Logged, postgres};
use crate::db::{Db, now_millis};

/// Events written per transaction at most.
const BATCH: usize = 256;
/// How long events are kept for streams to resume.
const KEPT_MS: i64 = 60 * 60 * 1000;
const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// After the log could not be written, events pass unnumbered this long before it is tried again.
const AWAY: Duration = Duration::from_secs(5);
/// A stream that missed more than this many is told `Missed` instead of being sent them all.
pub const MOST_REPLAYED: i64 = 1000;

/// Logs each queued event and hands it on, until the hub is gone.
pub async fn write(
    db: Db,
    origin: Option<String>,
    mut queued: mpsc::Receiver<Event>,
    hub: Weak<Hub>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut pruned = Instant::now();
    let mut away_until: Option<Instant> = None;
    while queued.recv_many(&mut batch, BATCH).await > 0 {
        let events = std::mem::take(&mut batch);
        let ids = if away_until.is_some_and(|until| Instant::now() < until) {
            None
        } else {
            match store(&db, origin.as_deref(), &events).await {
                Ok(ids) => Some(ids),
                Err(error) => {
                    tracing::warn!(%error, "could not log events; they pass unnumbered for a while");
                    away_until = Some(Instant::now() + AWAY);
                    None
                }
            }
        };
        if ids.is_some() {
            away_until = None;
        }
        let Some(hub) = hub.upgrade() else {
            return;
        };
        let ids = ids.unwrap_or_else(|| vec![None; events.len()]);
        for (event, id) in events.into_iter().zip(ids) {
            hub.heard(Logged { id, event });
        }
        drop(hub);
        if pruned.elapsed() >= PRUNE_EVERY {
            pruned = Instant::now();
            if let Err(error) = prune(&db).await {
                tracing::warn!(%error, "could not prune the event log");
            }
        }
    }
}

async fn store(
    db: &Db,
    origin: Option<&str>,
    events: &[Event],
) -> Result<Vec<Option<i64>>, sqlx::Error> {
    let at = now_millis();
    let mut tx = db.begin().await?;
    let mut ids = Vec::with_capacity(events.len());
    for event in events {
        let body = serde_json::to_string(event).expect("an event serialises");
        let id: i64 =
            sqlx::query("INSERT INTO event_log (at_ms, body) VALUES ($1, $2) RETURNING id")
                .bind(at)
                .bind(&body)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
        if let Some(origin) = origin {
            postgres::notify_in(&mut tx, origin, id, event).await?;
        }
        ids.push(Some(id));
    }
    tx.commit().await?;
    Ok(ids)
}

/// Drops what is older than [`KEPT_MS`], but never the newest row: it keeps the numbering going
/// (SQLite would otherwise reuse numbers) and tells a resumed stream whether it is up to date.
async fn prune(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM event_log WHERE at_ms < $1 AND id < (SELECT MAX(id) FROM event_log)")
        .bind(now_millis() - KEPT_MS)
        .execute(db)
        .await
        .map(drop)
}

/// What a stream resumed after event `after` is sent first.
pub async fn since(db: &Db, after: i64) -> Result<Vec<Logged>, sqlx::Error> {
    let bounds = sqlx::query("SELECT MIN(id) AS low, MAX(id) AS high FROM event_log")
        .fetch_one(db)
        .await?;
    let low: Option<i64> = bounds.try_get("low")?;
    let high: Option<i64> = bounds.try_get("high")?;
    let (Some(low), Some(high)) = (low, high) else {
        return Ok(Vec::new());
    };
    if after >= high {
        return Ok(Vec::new());
    }
    let missed = |count: i64| Logged {
        id: None,
        event: Event::Missed {
            count: u64::try_from(count).unwrap_or_default(),
        },
    };
    if high - after > MOST_REPLAYED {
        return Ok(vec![missed(high - after)]);
    }
    let mut replayed = Vec::new();
    if low > after + 1 {
        replayed.push(missed(low - after - 1));
    }
    let rows = sqlx::query("SELECT id, body FROM event_log WHERE id > $1 ORDER BY id")
        .bind(after)
        .fetch_all(db)
        .await?;
    for row in rows {
        let body: String = row.try_get("body")?;
        match serde_json::from_str::<Event>(&body) {
            Ok(event) => replayed.push(Logged {
                id: Some(row.try_get("id")?),
                event,
            }),
            Err(error) => tracing::warn!(%error, "an unreadable event in the event log"),
        }
    }
    Ok(replayed)
}
