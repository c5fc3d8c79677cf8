//! Bulk pairing from CSV. Rows are stored before any is carried out and each row's result as soon as
//! it is known, so an interrupted import resumes on the next start and nothing is silently lost.

pub mod parse;
mod store;

use futures_util::StreamExt;
use serde_json::json;
use switchboard_core::api::{AuditQuery, ImportProgress, ImportRowState};

use crate::audit::Outcome;
use crate::error::AppError;
use crate::pairing;
use crate::state::AppState;
pub use store::progress;

/// Rows carried out at the same time: enough to be quick, few enough not to crowd Twilio.
const CONCURRENT_ROWS: usize = 4;

/// Stores the import and starts carrying it out in the background.
pub async fn start(
    state: &AppState,
    csv: &str,
    started_by: &str,
) -> Result<ImportProgress, AppError> {
    let preview = parse::preview(csv)?;
    let id = store::insert(&state.db, &preview, started_by).await?;
    let runner = state.clone();
    let actor = started_by.to_owned();
    tokio::spawn(async move { run(&runner, id, &actor).await });
    store::progress(&state.db, id).await
}

/// Resumes every import a restart interrupted.
pub async fn resume(state: AppState) {
    match store::unfinished_imports(&state.db).await {
        Ok(imports) => {
            for (id, actor) in imports {
                tracing::info!(import = id, "resuming an interrupted pairing import");
                run(&state, id, &actor).await;
            }
        }
        Err(error) => tracing::error!(%error, "could not look for interrupted imports"),
    }
}

async fn run(state: &AppState, id: i64, actor: &str) {
    let rows = match store::unfinished_rows(&state.db, id).await {
        Ok(rows) => rows,
        Err(error) => {
            return tracing::error!(%error, import = id, "could not read the import's rows");
        }
    };
    futures_util::stream::iter(rows)
        .for_each_concurrent(CONCURRENT_ROWS, |work| async move {
            if let Err(error) = carry_out(state, id, actor, work).await {
                tracing::error!(%error, import = id, "could not record an import row");
            }
        })
        .await;
    match store::finish(&state.db, id).await {
        Ok(()) => state.events.publish(crate::events::Event::finished(id)),
        Err(error) => tracing::error!(%error, import = id, "could not mark the import finished"),
    }
}

async fn carry_out(
    state: &AppState,
    id: i64,
    actor: &str,
    work: store::Work,
) -> Result<(), AppError> {
    let unique_name = format!("import-{id}-{}", work.line);
    if work.was_running
        && let Ok(made) = state.twilio.fetch_conversation(&unique_name).await
    {
        return adopt_made_before(state, id, actor, &work, &made.sid).await;
    }
    store::set_row(
        &state.db,
        id,
        work.line,
        ImportRowState::Running,
        None,
        None,
    )
    .await?;
    state.events.publish(crate::events::Event::row(
        id,
        work.line,
        ImportRowState::Running,
    ));
    let result = pairing::create_named(state, &work.request, &unique_name).await;
    let target = result.as_ref().ok().map(|c| c.conversation_sid.as_str());
    let detail = row_detail(id, &work);
    audit_pairing(state, actor, target, Outcome::of(&result), detail).await;
    let (row_state, sid, error) = match &result {
        Ok(created) => (
            ImportRowState::Created,
            Some(created.conversation_sid.as_str()),
            None,
        ),
        Err(error) => (ImportRowState::Failed, None, Some(error.to_string())),
    };
    store::set_row(&state.db, id, work.line, row_state, sid, error.as_deref()).await?;
    state
        .events
        .publish(crate::events::Event::row(id, work.line, row_state));
    Ok(())
}

/// A row's conversation made before the interruption, perhaps before it was audited: the log must
/// still say so.
async fn adopt_made_before(
    state: &AppState,
    id: i64,
    actor: &str,
    work: &store::Work,
    sid: &str,
) -> Result<(), AppError> {
    let query = AuditQuery {
        action: Some("pairing.create".into()),
        target: Some(sid.to_owned()),
        ..AuditQuery::default()
    };
    if state.audit.list(&query).await?.entries.is_empty() {
        let mut detail = row_detail(id, work);
        detail["resumed"] = json!(true);
        audit_pairing(state, actor, Some(sid), Outcome::Ok, detail).await;
    }
    store::set_row(
        &state.db,
        id,
        work.line,
        ImportRowState::Created,
        Some(sid),
        None,
    )
    .await?;
    state.events.publish(crate::events::Event::row(
        id,
        work.line,
        ImportRowState::Created,
    ));
    Ok(())
}

fn row_detail(id: i64, work: &store::Work) -> serde_json::Value {
    json!({ "import": id, "line": work.line, "friendly_name": work.request.friendly_name })
}

/// Audits a row's pairing under the name of whoever started the import.
async fn audit_pairing(
    state: &AppState,
    actor: &str,
    target: Option<&str>,
    outcome: Outcome,
    detail: serde_json::Value,
) {
    state
        .audit
        .record_as(None, actor, "pairing.create", target, outcome, detail)
        .await;
}
