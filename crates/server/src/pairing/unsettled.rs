//! Pairings whose outcome upstream is unknown (the create call timed out, dropped or failed with a
//! 5xx) and could not be settled at once: each is looked up by its unique name, and what Twilio made
//! of it deleted, until that succeeds, across restarts.

use std::time::Duration;

use sqlx::Row;
use switchboard_twilio::Error as TwilioError;

use crate::db::{Db, now};
use crate::state::AppState;

/// Seconds between background tries: quick at first, then once a minute for as long as it takes.
const WAITS: [u64; 6] = [1, 2, 4, 8, 15, 30];
const LAST_WAIT: u64 = 60;

/// Looks the pairing up by its unique name and deletes the conversation Twilio made of it, if any.
pub async fn settle(state: &AppState, unique_name: &str) -> Result<(), TwilioError> {
    let orphan = match state.twilio.fetch_conversation(unique_name).await {
        Ok(orphan) => orphan,
        Err(TwilioError::Api(body)) if body.status == 404 => return Ok(()),
        Err(error) => return Err(error),
    };
    match state.twilio.delete_conversation(&orphan.sid).await {
        // A 404 here: an earlier try deleted it, but its answer was lost.
        Ok(()) => {}
        Err(TwilioError::Api(body)) if body.status == 404 => {}
        Err(error) => return Err(error),
    }
    tracing::warn!(
        sid = orphan.sid,
        "removed a conversation left by a failed pairing"
    );
    Ok(())
}

/// Records `unique_name` as unsettled and keeps trying to settle it in the background.
pub async fn settle_later(state: &AppState, unique_name: &str) {
    let noted = sqlx::query(
        "INSERT INTO unsettled_pairings (unique_name, noted_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(unique_name)
    .bind(now())
    .execute(&state.db)
    .await;
    if let Err(error) = noted {
        tracing::error!(%error, unique_name, "could not record a failed pairing to settle; trying anyway");
    }
    tokio::spawn(keep_trying(state.clone(), unique_name.to_owned()));
}

/// At start-up: settles what an earlier run left unsettled.
pub async fn resume(state: AppState) {
    match unsettled(&state.db).await {
        Ok(names) => {
            for name in names {
                tokio::spawn(keep_trying(state.clone(), name));
            }
        }
        Err(error) => tracing::error!(%error, "could not read the failed pairings left to settle"),
    }
}

async fn keep_trying(state: AppState, unique_name: String) {
    for wait in WAITS.into_iter().chain(std::iter::repeat(LAST_WAIT)) {
        tokio::time::sleep(Duration::from_secs(wait)).await;
        match settle(&state, &unique_name).await {
            Ok(()) => {
                let forgotten =
                    sqlx::query("DELETE FROM unsettled_pairings WHERE unique_name = $1")
                        .bind(&unique_name)
                        .execute(&state.db)
                        .await;
                if let Err(error) = forgotten {
                    tracing::error!(%error, unique_name, "a failed pairing is settled but still listed");
                }
                return;
            }
            Err(error) => {
                tracing::warn!(%error, unique_name, "a failed pairing is not settled yet; trying again")
            }
        }
    }
}

async fn unsettled(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT unique_name FROM unsettled_pairings ORDER BY noted_at")
        .fetch_all(db)
        .await?;
    Ok(rows.iter().map(|row| row.get("unique_name")).collect())
}
