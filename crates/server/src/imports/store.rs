//! Imports and their rows in the database.

use sqlx::Row;
use switchboard_core::api::{
    ImportPreview, ImportProgress, ImportRowResult, ImportRowState, PairingRequest, Said,
};

use crate::db::{Db, now};
use crate::error::{AppError, said};
use crate::instances::{Instance, free_or_orphaned};

fn said_json(said: &[Said]) -> String {
    serde_json::to_string(said).expect("a refusal serialises")
}

fn state_name(state: ImportRowState) -> &'static str {
    match state {
        ImportRowState::Pending => "pending",
        ImportRowState::Running => "running",
        ImportRowState::Created => "created",
        ImportRowState::Failed => "failed",
    }
}

fn parse_state(text: &str) -> ImportRowState {
    match text {
        "pending" => ImportRowState::Pending,
        "running" => ImportRowState::Running,
        "created" => ImportRowState::Created,
        _ => ImportRowState::Failed,
    }
}

/// Stores an import with every row: readable rows pending, the others failed with their problems.
pub async fn insert(db: &Db, preview: &ImportPreview, created_by: &str) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO pairing_imports (created_by, created_at) VALUES ($1, $2) RETURNING id",
    )
    .bind(created_by)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .get("id");
    for row in &preview.rows {
        let (state, request, error, said) = match (&row.request, row.problems.is_empty()) {
            (Some(request), true) => (
                "pending",
                Some(serde_json::to_string(request).expect("a request serialises")),
                None,
                None,
            ),
            _ => (
                "failed",
                None,
                Some(row.problems.join(" ")),
                Some(said_json(&row.said)),
            ),
        };
        let name = row.friendly_name.clone();
        sqlx::query(
            "INSERT INTO pairing_import_rows (import_id, line, friendly_name, request, state, error, error_said) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(row.line as i64)
        .bind(name)
        .bind(request)
        .bind(state)
        .bind(error)
        .bind(said)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A row to carry out: its line, its request, and whether an earlier run had started it.
pub struct Work {
    pub line: i64,
    pub request: PairingRequest,
    pub was_running: bool,
}

/// The first `limit` lines still to do that nobody alive holds (but `instance`), in file order.
pub async fn free_lines(
    db: &Db,
    id: i64,
    instance: &Instance,
    limit: i64,
) -> Result<Vec<i64>, AppError> {
    let rows = sqlx::query(concat!(
        "SELECT line FROM pairing_import_rows WHERE import_id = $3 AND state IN ('pending', 'running') AND ",
        free_or_orphaned!("pairing_import_rows"),
        " ORDER BY line LIMIT $4"
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .bind(id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(|row| row.get("line")).collect())
}

/// Takes one row for `instance` if it is still to do and nobody alive holds it; `None` when it is
/// done or another instance has it.
pub async fn claim_row(
    db: &Db,
    id: i64,
    line: i64,
    instance: &Instance,
) -> Result<Option<Work>, AppError> {
    let claimed = sqlx::query(concat!(
        "UPDATE pairing_import_rows SET held_by = $1 WHERE import_id = $3 AND line = $4 \
         AND state IN ('pending', 'running') AND ",
        free_or_orphaned!("pairing_import_rows"),
        " RETURNING request, state"
    ))
    .bind(&instance.id)
    .bind(Instance::dead_before())
    .bind(id)
    .bind(line)
    .fetch_optional(db)
    .await?;
    let Some(row) = claimed else {
        return Ok(None);
    };
    let request = row.get::<Option<String>, _>("request");
    let Some(request) = request.and_then(|r| serde_json::from_str(&r).ok()) else {
        let unreadable = AppError::invalid(said!(import_row_stored_unreadable));
        set_row(
            db,
            id,
            line,
            instance,
            ImportRowState::Failed,
            None,
            Some(&unreadable),
        )
        .await?;
        return Ok(None);
    };
    Ok(Some(Work {
        line,
        request,
        was_running: row.get::<String, _>("state") == "running",
    }))
}

/// Records a row's state while `instance` holds it, letting it go once the row is done; `false`
/// when another instance has taken the row over meanwhile (nothing is recorded then).
pub async fn set_row(
    db: &Db,
    id: i64,
    line: i64,
    instance: &Instance,
    state: ImportRowState,
    conversation_sid: Option<&str>,
    error: Option<&AppError>,
) -> Result<bool, AppError> {
    let done = matches!(state, ImportRowState::Created | ImportRowState::Failed);
    let held_by = (!done).then_some(instance.id.as_str());
    let (error, said) = error.map(AppError::kept).unzip();
    let said = said.map(|said| said_json(&Vec::from_iter(said)));
    let recorded = sqlx::query(
        "UPDATE pairing_import_rows SET state = $1, conversation_sid = $2, error = $3, error_said = $4, held_by = $5 \
         WHERE import_id = $6 AND line = $7 AND held_by = $8",
    )
    .bind(state_name(state))
    .bind(conversation_sid)
    .bind(error)
    .bind(said)
    .bind(held_by)
    .bind(id)
    .bind(line)
    .bind(&instance.id)
    .execute(db)
    .await?;
    Ok(recorded.rows_affected() == 1)
}

/// Marks the import finished once no row is left to do; `true` for the one call that did.
pub async fn finish(db: &Db, id: i64) -> Result<bool, AppError> {
    let finished = sqlx::query(
        "UPDATE pairing_imports SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL AND NOT EXISTS \
         (SELECT 1 FROM pairing_import_rows WHERE import_id = $2 AND state IN ('pending', 'running'))",
    )
    .bind(now())
    .bind(id)
    .execute(db)
    .await?;
    Ok(finished.rows_affected() == 1)
}

/// Imports not finished yet, with who started them.
pub async fn unfinished_imports(db: &Db) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT id, created_by FROM pairing_imports WHERE finished_at IS NULL ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.get("id"), r.get("created_by")))
        .collect())
}

pub async fn progress(db: &Db, id: i64) -> Result<ImportProgress, AppError> {
    let import = sqlx::query("SELECT finished_at FROM pairing_imports WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    let Some(import) = import else {
        return Err(AppError::not_found(said!(no_import, id = id)));
    };
    let rows = sqlx::query(
        "SELECT line, friendly_name, state, conversation_sid, error, error_said FROM pairing_import_rows WHERE import_id = $1 ORDER BY line",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let rows: Vec<ImportRowResult> = rows
        .into_iter()
        .map(|r| ImportRowResult {
            line: r.get::<i64, _>("line") as usize,
            friendly_name: r.get("friendly_name"),
            state: parse_state(r.get::<String, _>("state").as_str()),
            conversation_sid: r.get("conversation_sid"),
            error: r.get("error"),
            said: r
                .get::<Option<String>, _>("error_said")
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
        })
        .collect();
    let count = |state: ImportRowState| rows.iter().filter(|r| r.state == state).count();
    Ok(ImportProgress {
        id,
        total: rows.len(),
        pending: count(ImportRowState::Pending) + count(ImportRowState::Running),
        created: count(ImportRowState::Created),
        failed: count(ImportRowState::Failed),
        finished: import.get::<Option<i64>, _>("finished_at").is_some(),
        rows,
    })
}
