//! The opt-in relays' rows.

use sqlx::Row;
use switchboard_core::api::{OptInState, OptInStatus};

use crate::db::{Db, now, rfc3339};
use crate::error::AppError;

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

/// Records a new relay as starting; a conversation whose relay is under way cannot start another.
pub async fn insert(db: &Db, relay: &Relay, started_by: &str) -> Result<(), AppError> {
    let at = now();
    let busy = sqlx::query("SELECT state FROM opt_in_relays WHERE conversation_sid = $1")
        .bind(&relay.conversation_sid)
        .fetch_optional(db)
        .await?
        .map(|row| parse_state(row.get::<String, _>("state").as_str()));
    if matches!(
        busy,
        Some(OptInState::Starting | OptInState::Waiting | OptInState::Connecting)
    ) {
        return Err(AppError::Conflict(
            "An opt-in is already waiting for this customer's answer: it finishes by itself when they reply.".into(),
        ));
    }
    sqlx::query(
        "INSERT INTO opt_in_relays (conversation_sid, state, webhook_sid, customer_participant_sid, customer_address, \
         rider_participant_sid, rider_address, rider_template_sid, rider_template_values, error, started_by, started_at, \
         updated_at) VALUES ($1, 'starting', NULL, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10) \
         ON CONFLICT (conversation_sid) DO UPDATE SET state = 'starting', webhook_sid = NULL, \
         customer_participant_sid = excluded.customer_participant_sid, customer_address = excluded.customer_address, \
         rider_participant_sid = excluded.rider_participant_sid, rider_address = excluded.rider_address, \
         rider_template_sid = excluded.rider_template_sid, rider_template_values = excluded.rider_template_values, \
         error = NULL, started_by = excluded.started_by, started_at = excluded.started_at, updated_at = excluded.updated_at",
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
    .bind(at)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_webhook(
    db: &Db,
    conversation_sid: &str,
    webhook_sid: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE opt_in_relays SET webhook_sid = $1, updated_at = $2 WHERE conversation_sid = $3",
    )
    .bind(webhook_sid)
    .bind(now())
    .bind(conversation_sid)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_state(
    db: &Db,
    conversation_sid: &str,
    state: OptInState,
    error: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE opt_in_relays SET state = $1, error = $2, updated_at = $3 WHERE conversation_sid = $4",
    )
    .bind(state_name(state))
    .bind(error)
    .bind(now())
    .bind(conversation_sid)
    .execute(db)
    .await?;
    Ok(())
}

/// Moves a waiting relay to connecting and returns it; `None` when it is not waiting (already done,
/// or another delivery of the same event got there first).
pub async fn claim(db: &Db, conversation_sid: &str) -> Result<Option<Relay>, AppError> {
    let claimed = sqlx::query(
        "UPDATE opt_in_relays SET state = 'connecting', updated_at = $1 WHERE conversation_sid = $2 AND state = 'waiting'",
    )
    .bind(now())
    .bind(conversation_sid)
    .execute(db)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(None);
    }
    let row = sqlx::query("SELECT * FROM opt_in_relays WHERE conversation_sid = $1")
        .bind(conversation_sid)
        .fetch_one(db)
        .await?;
    Ok(Some(Relay {
        conversation_sid: row.get("conversation_sid"),
        webhook_sid: row.get("webhook_sid"),
        customer_participant_sid: row.get("customer_participant_sid"),
        customer_address: row.get("customer_address"),
        rider_participant_sid: row.get("rider_participant_sid"),
        rider_address: row.get("rider_address"),
        rider_template_sid: row.get("rider_template_sid"),
        rider_template_values: row.get("rider_template_values"),
    }))
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

/// Remembers a webhook delivery; `false` when the same delivery was seen before.
pub async fn first_delivery(db: &Db, idempotency_token: &str) -> Result<bool, AppError> {
    let inserted = sqlx::query("INSERT INTO webhook_deliveries (idempotency_token, received_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(idempotency_token)
        .bind(now())
        .execute(db)
        .await?;
    Ok(inserted.rows_affected() == 1)
}
