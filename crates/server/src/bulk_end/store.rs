//! Bulk ends and their conversations in the database.

use sqlx::Row;
use switchboard_core::api::{BulkEndProgress, BulkEndRow, BulkEndRowState};

use crate::db::{Db, now};
use crate::error::{AppError, said};
use crate::instances::{Instance, free_or_orphaned};

fn state_name(state: BulkEndRowState) -> &'static str {
    match state {
        BulkEndRowState::Pending => "pending",
        BulkEndRowState::Running => "running",
        BulkEndRowState::Ended => "ended",
        BulkEndRowState::Failed => "failed",
    }
}

fn parse_state(text: &str) -> BulkEndRowState {
    match text {
        "pending" => BulkEndRowState::Pending,
        "running" => BulkEndRowState::Running,
        "ended" => BulkEndRowState::Ended,
        _ => BulkEndRowState::Failed,
    }
}

/// Stores a bulk end with every conversation to end (SID and name), all pending.
pub async fn insert(
    db: &Db,
    conversations: &[(String, Option<String>)],
    created_by: &str,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let id: i64 =
        sqlx::query("INSERT INTO bulk_ends (created_by, created_at) VALUES ($1, $2) RETURNING id")
            .bind(created_by)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?
            .get("id");
    for (position, (sid, name)) in conversations.iter().enumerate() {
        sqlx::query(
            "INSERT INTO bulk_end_rows (bulk_id, position, conversation_sid, friendly_name, state) \
             VALUES ($1, $2, $3, $4, 'pending')",
        )
        .bind(id)
        .bind(position as i64)
        .bind(sid)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A conversation to end: its place, SID, and whether an earlier run had started it.
pub struct Work {
    pub position: i64,
    pub sid: String,
    pub was_running: bool,
}

/// The first `limit` positions still to do that nobody alive holds (but `instance`).
pub async fn free_positions(
    db: &Db,
    id: i64,
    instance: &Instance,
    limit: i64,
) -> Result<Vec<i64>, AppError> {
    let rows = sqlx::query(concat!(
        "SELECT position FROM bulk_end_rows WHERE bulk_id = $3 AND state IN ('pending', 'running') AND ",
        free_or_orphaned!("bulk_end_rows"),
        " ORDER BY position LIMIT $4"
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .bind(id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(|row| row.get("position")).collect())
}

/// Takes one row for `instance` if it is still to do and nobody alive holds it.
pub async fn claim(
    db: &Db,
    id: i64,
    position: i64,
    instance: &Instance,
) -> Result<Option<Work>, AppError> {
    let claimed = sqlx::query(concat!(
        "UPDATE bulk_end_rows SET held_by = $1 WHERE bulk_id = $3 AND position = $4 \
         AND state IN ('pending', 'running') AND ",
        free_or_orphaned!("bulk_end_rows"),
        " RETURNING conversation_sid, state"
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .bind(id)
    .bind(position)
    .fetch_optional(db)
    .await?;
    Ok(claimed.map(|row| Work {
        position,
        sid: row.get("conversation_sid"),
        was_running: row.get::<String, _>("state") == "running",
    }))
}

/// Records a row's state while `instance` holds it, letting it go once done; `false` when another
/// instance has taken it over meanwhile.
pub async fn set_row(
    db: &Db,
    id: i64,
    position: i64,
    instance: &Instance,
    state: BulkEndRowState,
    note: Option<&str>,
) -> Result<bool, AppError> {
    let done = matches!(state, BulkEndRowState::Ended | BulkEndRowState::Failed);
    let held_by = (!done).then_some(instance.id.as_str());
    let recorded = sqlx::query(
        "UPDATE bulk_end_rows SET state = $1, note = $2, held_by = $3 \
         WHERE bulk_id = $4 AND position = $5 AND held_by = $6",
    )
    .bind(state_name(state))
    .bind(note)
    .bind(held_by)
    .bind(id)
    .bind(position)
    .bind(&instance.id)
    .execute(db)
    .await?;
    Ok(recorded.rows_affected() == 1)
}

/// Marks the bulk end finished once no row is left to do; `true` for the one call that did.
pub async fn finish(db: &Db, id: i64) -> Result<bool, AppError> {
    let finished = sqlx::query(
        "UPDATE bulk_ends SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL AND NOT EXISTS \
         (SELECT 1 FROM bulk_end_rows WHERE bulk_id = $2 AND state IN ('pending', 'running'))",
    )
    .bind(now())
    .bind(id)
    .execute(db)
    .await?;
    Ok(finished.rows_affected() == 1)
}

/// Bulk ends not finished yet, with who started them.
pub async fn unfinished(db: &Db) -> Result<Vec<(i64, String)>, AppError> {
    let rows =
        sqlx::query("SELECT id, created_by FROM bulk_ends WHERE finished_at IS NULL ORDER BY id")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.get("id"), r.get("created_by")))
        .collect())
}

pub async fn progress(db: &Db, id: i64) -> Result<BulkEndProgress, AppError> {
    let bulk = sqlx::query("SELECT finished_at FROM bulk_ends WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    let Some(bulk) = bulk else {
        return Err(AppError::not_found(said!(no_bulk_end, id = id)));
    };
    let rows = sqlx::query(
        "SELECT position, conversation_sid, friendly_name, state, note FROM bulk_end_rows \
         WHERE bulk_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let rows: Vec<BulkEndRow> = rows
        .into_iter()
        .map(|r| BulkEndRow {
            position: r.get::<i64, _>("position") as usize,
            conversation_sid: r.get("conversation_sid"),
            friendly_name: r.get("friendly_name"),
            state: parse_state(r.get::<String, _>("state").as_str()),
            note: r.get("note"),
        })
        .collect();
    let count = |state: BulkEndRowState| rows.iter().filter(|r| r.state == state).count();
    Ok(BulkEndProgress {
        id,
        total: rows.len(),
        pending: count(BulkEndRowState::Pending) + count(BulkEndRowState::Running),
        ended: count(BulkEndRowState::Ended),
        failed: count(BulkEndRowState::Failed),
        finished: bulk.get::<Option<i64>, _>("finished_at").is_some(),
        rows,
    })
}
