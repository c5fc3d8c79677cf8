//! Failed deliveries: one `mirror_failures` row per message and participant it did not reach,
//! cleared by a later delivery that reached that participant; the conversation's `last_failure_*`
//! columns name the newest one not cleared.

use sqlx::Row;

use crate::db::Db;

/// One failed delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message_index: i64,
    pub participant_sid: String,
    pub error_code: Option<i64>,
    pub failed_ms: i64,
}

/// Notes a failed delivery (again: its code and time are updated, and it is no longer cleared
/// unless a later delivery reached the participant).
pub async fn add(db: &Db, conversation_sid: &str, failure: &Failure) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mirror_failures (conversation_sid, message_index, participant_sid, error_code, failed_ms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (conversation_sid, message_index, participant_sid) \
         DO UPDATE SET error_code = excluded.error_code, failed_ms = excluded.failed_ms",
    )
    .bind(conversation_sid)
    .bind(failure.message_index)
    .bind(&failure.participant_sid)
    .bind(failure.error_code)
    .bind(failure.failed_ms)
    .execute(db)
    .await?;
    Ok(())
}

/// A delivery of message `index` reached `participant_sid`: its failures before it are cleared.
pub async fn clear_before(
    db: &Db,
    conversation_sid: &str,
    participant_sid: &str,
    index: i64,
    at_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE mirror_failures SET cleared_ms = $4 WHERE conversation_sid = $1 AND participant_sid = $2 \
         AND message_index < $3 AND cleared_ms IS NULL",
    )
    .bind(conversation_sid)
    .bind(participant_sid)
    .bind(index)
    .bind(at_ms)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Forgets the failures of messages from `from_index` on that a read of Twilio no longer shows.
pub async fn forget_unseen(
    db: &Db,
    conversation_sid: &str,
    from_index: i64,
    seen: &[Failure],
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT message_index, participant_sid FROM mirror_failures WHERE conversation_sid = $1 AND message_index >= $2",
    )
    .bind(conversation_sid)
    .bind(from_index)
    .fetch_all(db)
    .await?;
    for r in rows {
        let (index, participant): (i64, String) =
            (r.get("message_index"), r.get("participant_sid"));
        if !seen
            .iter()
            .any(|f| f.message_index == index && f.participant_sid == participant)
        {
            sqlx::query(
                "DELETE FROM mirror_failures WHERE conversation_sid = $1 AND message_index = $2 AND participant_sid = $3",
            )
            .bind(conversation_sid)
            .bind(index)
            .bind(&participant)
            .execute(db)
            .await?;
        }
    }
    Ok(())
}

/// Sets the conversation's `last_failure_*` to its newest failure not cleared (or none).
pub async fn recompute_last(db: &Db, conversation_sid: &str) -> Result<(), sqlx::Error> {
    let newest = sqlx::query(
        "SELECT message_index, participant_sid, error_code, failed_ms FROM mirror_failures \
         WHERE conversation_sid = $1 AND cleared_ms IS NULL ORDER BY message_index DESC, participant_sid LIMIT 1",
    )
    .bind(conversation_sid)
    .fetch_optional(db)
    .await?;
    sqlx::query(
        "UPDATE mirror_conversations SET last_failure_index = $2, last_failure_participant = $3, \
         last_failure_code = $4, last_failure_ms = $5 WHERE sid = $1",
    )
    .bind(conversation_sid)
    .bind(newest.as_ref().map(|r| r.get::<i64, _>("message_index")))
    .bind(
        newest
            .as_ref()
            .map(|r| r.get::<String, _>("participant_sid")),
    )
    .bind(
        newest
            .as_ref()
            .and_then(|r| r.get::<Option<i64>, _>("error_code")),
    )
    .bind(newest.as_ref().map(|r| r.get::<i64, _>("failed_ms")))
    .execute(db)
    .await?;
    Ok(())
}
