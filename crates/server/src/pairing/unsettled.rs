//! Pairings whose outcome upstream is unknown (the create call timed out, dropped or failed with a
//! 5xx) and could not be settled at once: each is looked up by its unique name, and what Twilio made
//! of it deleted, until that succeeds, across restarts. One instance at a time holds each; another
//! takes it over if that one dies.

use std::time::Duration;

use sqlx::Row;
use switchboard_twilio::Error as TwilioError;

use crate::db::{Db, now};
use crate::instances::{Here, Instance, free_or_orphaned};
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

/// Records `unique_name` as unsettled, held by this instance, and keeps trying to settle it in the
/// background.
pub async fn settle_later(state: &AppState, unique_name: &str) {
    let noted = sqlx::query(
        "INSERT INTO unsettled_pairings (unique_name, noted_at, held_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(unique_name)
    .bind(now())
    .bind(&state.instance.id)
    .execute(&state.db)
    .await;
    if let Err(error) = noted {
        tracing::error!(%error, unique_name, "could not record a failed pairing to settle; trying anyway");
    }
    try_here(state, unique_name.to_owned());
}

/// The sweep's part: settles here what nobody alive is settling (left by an instance that died).
pub async fn take_over(state: &AppState) {
    match free(&state.db, &state.instance).await {
        Ok(names) => {
            for name in names {
                try_here(state, name);
            }
        }
        Err(error) => tracing::error!(%error, "could not read the failed pairings left to settle"),
    }
}

/// Keeps trying in a task of this process, unless one already does.
fn try_here(state: &AppState, unique_name: String) {
    if let Some(here) = state.instance.begin(format!("unsettled-{unique_name}")) {
        tokio::spawn(keep_trying(state.clone(), unique_name, here));
    }
}

/// Takes `unique_name` for `instance` unless another live instance holds it; `false` when it does,
/// or when the pairing is settled and no longer listed.
pub async fn claim(db: &Db, unique_name: &str, instance: &Instance) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(concat!(
        "UPDATE unsettled_pairings SET held_by = $1 WHERE unique_name = $3 AND ",
        free_or_orphaned!("unsettled_pairings")
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .bind(unique_name)
    .execute(db)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Tries to settle `unique_name` (1 s, 2 s, … then every minute) for as long as this instance holds
/// it; another instance takes over if this one dies.
async fn keep_trying(state: AppState, unique_name: String, _here: Here) {
    for wait in WAITS.into_iter().chain(std::iter::repeat(LAST_WAIT)) {
        match claim(&state.db, &unique_name, &state.instance).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(error) => {
                tracing::warn!(%error, unique_name, "could not hold a failed pairing to settle");
            }
        }
        tokio::time::sleep(Duration::from_secs(wait)).await;
        match settle(&state, &unique_name).await {
            Ok(()) => {
                let forgotten = sqlx::query(
                    "DELETE FROM unsettled_pairings WHERE unique_name = $1 AND held_by = $2",
                )
                .bind(&unique_name)
                .bind(&state.instance.id)
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

/// The unsettled pairings nobody alive holds, oldest first.
async fn free(db: &Db, instance: &Instance) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT unique_name FROM unsettled_pairings WHERE ",
        free_or_orphaned!("unsettled_pairings"),
        " ORDER BY noted_at"
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(|row| row.get("unique_name")).collect())
}
