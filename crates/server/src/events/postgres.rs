//! The instances' channel on PostgreSQL: each event goes out as `pg_notify` with the hub's origin
//! and its `event_log` number, and one held connection `LISTEN`s for the others'. The listening task outlives the database: it
//! reconnects after a lost connection, and pings itself when the channel is quiet so a connection
//! that died without a word is noticed too.

use std::sync::Weak;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use sqlx::{Any, Transaction};
use tokio::time::{Instant, MissedTickBehavior};

use super::{Event, Hub, Logged};
use crate::db::Db;

const CHANNEL: &str = "switchboard_events";
/// After this long without a notification the listener pings itself; after twice this, it
/// takes the connection for dead and makes another.
const QUIET: Duration = Duration::from_secs(30);
const FIRST_RETRY: Duration = Duration::from_millis(500);
const LAST_RETRY: Duration = Duration::from_secs(10);

/// What travels as a notification's payload: an event and its number, or none for a ping.
#[derive(Serialize, Deserialize)]
struct Envelope {
    origin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    event: Option<Event>,
}

/// Tells the other instances of event `id` when `tx` commits.
pub async fn notify_in(
    tx: &mut Transaction<'static, Any>,
    origin: &str,
    id: i64,
    event: &Event,
) -> Result<(), sqlx::Error> {
    let envelope = Envelope {
        origin: origin.to_owned(),
        id: Some(id),
        event: Some(event.clone()),
    };
    let payload = serde_json::to_string(&envelope).expect("an envelope serialises");
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(&mut **tx)
        .await
        .map(drop)
}

async fn send(db: &Db, envelope: &Envelope) -> Result<(), sqlx::Error> {
    let payload = serde_json::to_string(envelope).expect("an envelope serialises");
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(db)
        .await
        .map(|_| ())
}

/// Hears the other instances' events and hands them to this hub's streams, until the hub is gone;
/// whatever happens to the database, it tries again.
pub async fn listen(db: Db, origin: String, hub: Weak<Hub>) {
    let url = db.connect_options().database_url.to_string();
    let mut retry = FIRST_RETRY;
    while hub.strong_count() > 0 {
        match hear(&db, &url, &origin, &hub, &mut retry).await {
            Ok(()) => return,
            Err(error) => tracing::warn!(
                %error,
                retry_ms = retry.as_millis() as u64,
                "lost the other instances' events; listening again soon"
            ),
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(LAST_RETRY);
    }
}

#[derive(Debug, thiserror::Error)]
enum Lost {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("the channel stayed silent, even to this instance's own ping")]
    Silent,
}

/// One connection's life: `Ok` once the hub is gone, `Err` when the connection is.
async fn hear(
    db: &Db,
    url: &str,
    origin: &str,
    hub: &Weak<Hub>,
    retry: &mut Duration,
) -> Result<(), Lost> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    *retry = FIRST_RETRY;
    let mut quiet = tokio::time::interval_at(Instant::now() + QUIET, QUIET);
    quiet.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut pinged = false;
    loop {
        let next = listener.try_recv();
        tokio::pin!(next);
        let received = loop {
            tokio::select! {
                received = &mut next => break received?,
                _ = quiet.tick() => {
                    if hub.strong_count() == 0 {
                        return Ok(());
                    }
                    if pinged {
                        return Err(Lost::Silent);
                    }
                    let ping = Envelope { origin: origin.to_owned(), id: None, event: None };
                    send(db, &ping).await.ok();
                    pinged = true;
                }
            }
        };
        let Some(notification) = received else {
            // The connection dropped and the listener has already made another (events sent in
            // between are lost, which pages make up for by re-reading).
            tracing::info!("the other instances' events are heard on a new connection");
            continue;
        };
        pinged = false;
        quiet.reset();
        let Some(hub) = hub.upgrade() else {
            return Ok(());
        };
        match serde_json::from_str::<Envelope>(notification.payload()) {
            Ok(Envelope {
                origin: from,
                id,
                event: Some(event),
            }) if from != origin => hub.heard(Logged { id, event }),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "an unreadable event on the instances' channel"),
        }
    }
}
