//! The opt-in relays' rows. A relay halfway through a step is held by the instance carrying it
//! out; every change it makes is conditioned on still holding it.

use sqlx::Row;
use sqlx::any::AnyRow;
use switchboard_core::api::{OptInState, OptInStatus};

use crate::db::{Db, now, rfc3339};
use crate::error::{AppError, said};
use crate::instances::{Instance, free_or_orphaned};

/// Everything the relay needs to finish once the customer answers.
#[derive(Debug, Clone)]
pub struct Relay {
    pub conversation_sid: String,
    pub webhook_sid: Option<String>,
    pub customer_participant_sid: String,
    pub customer_address: String,
    pub rider_participant_sid: String,
    pub rider_address: String,
    pub rider_template_sid: String,
    /// JSON object as text: `ContentVariables` for the rider's template.
    pub rider_template_values: String,
    /// When this relay was started (UTC seconds): its audit entries are the ones since.
    pub started_at: i64,
}

fn state_name(state: OptInState) -> &'static str {
    match state {
        OptInState::Starting => "starting",
        OptInState::Waiting => "waiting",
        OptInState::Connecting => "connecting",
        OptInState::Connected => "connected",
        OptInState::Failed => "failed",
    }
}

fn parse_state(text: &str) -> OptInState {
    match text {
        "starting" => OptInState::Starting,
        "waiting" => OptInState::Waiting,
        "connecting" => OptInState::Connecting,
        "connected" => OptInState::Connected,
        _ => OptInState::Failed,
    }
}

/// Records a new relay as starting, held by `instance`; a conversation whose relay is under way
/// cannot start another (one statement, so two instances starting the same one cannot both pass).
pub async fn insert(
    db: &Db,
    relay: &Relay,
    started_by: &str,
    instance: &Instance,
) -> Result<(), AppError> {
    let at = now();
    let inserted = sqlx::query(
        "INSERT INTO opt_in_relays (conversation_sid, state, webhook_sid, customer_participant_sid, customer_address, \
         rider_participant_sid, rider_address, rider_template_sid, rider_template_values, error, started_by, started_at, \
         updated_at, held_by) VALUES ($1, 'starting', NULL, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $9, $10) \
         ON CONFLICT (conversation_sid) DO UPDATE SET state = 'starting', webhook_sid = NULL, \
         customer_participant_sid = excluded.customer_participant_sid, customer_address = excluded.customer_address, \
         rider_participant_sid = excluded.rider_participant_sid, rider_address = excluded.rider_address, \
         rider_template_sid = excluded.rider_template_sid, rider_template_values = excluded.rider_template_values, \
         error = NULL, started_by = excluded.started_by, started_at = excluded.started_at, updated_at = excluded.updated_at, \
         held_by = excluded.held_by \
         WHERE opt_in_relays.state IN ('connected', 'failed')",
    )
    .bind(&relay.conversation_sid)
    .bind(&relay.customer_participant_sid)
    .bind(&relay.customer_address)
    .bind(&relay.rider_participant_sid)
    .bind(&relay.rider_address)
    .bind(&relay.rider_template_sid)
    .bind(&relay.rider_template_values)
    .bind(started_by)
    .bind(at)
    .bind(&instance.id)
    .execute(db)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(busy());
    }
    Ok(())
}

pub fn busy() -> AppError {
    AppError::conflict(said!(opt_in_waiting))
}

/// Records the relay's webhook while `instance` holds the relay; `false` when it no longer does.
pub async fn set_webhook(
    db: &Db,
    conversation_sid: &str,
    webhook_sid: &str,
    instance: &Instance,
) -> Result<bool, AppError> {
    let recorded = sqlx::query(
        "UPDATE opt_in_relays SET webhook_sid = $1, updated_at = $2 WHERE conversation_sid = $3 AND held_by = $4",
    )
    .bind(webhook_sid)
    .bind(now())
    .bind(conversation_sid)
    .bind(&instance.id)
    .execute(db)
    .await?;
    Ok(recorded.rows_affected() == 1)
}

/// Records the relay's state while `instance` holds it, letting it go unless the state is one a
/// holder works in (starting, connecting); `false` when another instance has taken it over.
pub async fn set_state(
    db: &Db,
    conversation_sid: &str,
    instance: &Instance,
    state: OptInState,
    error: Option<&str>,
) -> Result<bool, AppError> {
    let held = matches!(state, OptInState::Starting | OptInState::Connecting);
    let recorded = sqlx::query(
        "UPDATE opt_in_relays SET state = $1, error = $2, updated_at = $3, held_by = $4 \
         WHERE conversation_sid = $5 AND held_by = $6",
    )
    .bind(state_name(state))
    .bind(error)
    .bind(now())
    .bind(held.then_some(instance.id.as_str()))
    .bind(conversation_sid)
    .bind(&instance.id)
    .execute(db)
    .await?;
    Ok(recorded.rows_affected() == 1)
}

/// Moves a waiting relay to connecting, held by `instance`, and returns it; `None` when it is not
/// waiting (already done, or another delivery of the same event, on any instance, got there first).
pub async fn claim(
    db: &Db,
    conversation_sid: &str,
    instance: &Instance,
) -> Result<Option<Relay>, AppError> {
    let claimed = sqlx::query(
        "UPDATE opt_in_relays SET state = 'connecting', held_by = $1, updated_at = $2 \
         WHERE conversation_sid = $3 AND state = 'waiting' RETURNING *",
    )
    .bind(&instance.id)
    .bind(now())
    .bind(conversation_sid)
    .fetch_optional(db)
    .await?;
    Ok(claimed.as_ref().map(relay))
}

/// The relays halfway through a step (starting or connecting) that nobody alive holds.
pub async fn orphaned(db: &Db, instance: &Instance) -> Result<Vec<String>, AppError> {
    let rows = sqlx::query(concat!(
        "SELECT conversation_sid FROM opt_in_relays WHERE state IN ('starting', 'connecting') AND ",
        free_or_orphaned!("opt_in_relays"),
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(|row| row.get("conversation_sid")).collect())
}

/// Takes over a relay halfway through a step unless another live instance holds it: its state
/// (starting or connecting) and what it needs.
pub async fn claim_orphaned(
    db: &Db,
    conversation_sid: &str,
    instance: &Instance,
) -> Result<Option<(OptInState, Relay)>, AppError> {
    let claimed = sqlx::query(concat!(
        "UPDATE opt_in_relays SET held_by = $1 WHERE conversation_sid = $3 \
         AND state IN ('starting', 'connecting') AND ",
        free_or_orphaned!("opt_in_relays"),
        " RETURNING *"
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .bind(conversation_sid)
    .fetch_optional(db)
    .await?;
    Ok(claimed.map(|row| {
        (
            parse_state(row.get::<String, _>("state").as_str()),
            relay(&row),
        )
    }))
}

fn relay(row: &AnyRow) -> Relay {
    Relay {
        conversation_sid: row.get("conversation_sid"),
        webhook_sid: row.get("webhook_sid"),
        customer_participant_sid: row.get("customer_participant_sid"),
        customer_address: row.get("customer_address"),
        rider_participant_sid: row.get("rider_participant_sid"),
        rider_address: row.get("rider_address"),
        rider_template_sid: row.get("rider_template_sid"),
        rider_template_values: row.get("rider_template_values"),
        started_at: row.get("started_at"),
    }
}

/// The participant whose answer finishes the relay, while it waits.
pub async fn waiting_for(db: &Db, conversation_sid: &str) -> Result<Option<String>, AppError> {
    let row = sqlx::query("SELECT customer_participant_sid FROM opt_in_relays WHERE conversation_sid = $1 AND state = 'waiting'")
        .bind(conversation_sid)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| r.get("customer_participant_sid")))
}

pub async fn status(db: &Db, conversation_sid: &str) -> Result<Option<OptInStatus>, AppError> {
    let row = sqlx::query("SELECT * FROM opt_in_relays WHERE conversation_sid = $1")
        .bind(conversation_sid)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|row| OptInStatus {
        state: parse_state(row.get::<String, _>("state").as_str()),
        customer_participant_sid: row.get("customer_participant_sid"),
        rider_participant_sid: row.get("rider_participant_sid"),
        started_at: rfc3339(row.get("started_at")),
        updated_at: rfc3339(row.get("updated_at")),
        started_by: row.get("started_by"),
        error: row.get("error"),
    }))
}
