//! Bulk pairing from CSV. Rows are stored before any is carried out and each row's result as soon as
//! it is known; each row is held by one instance while it is carried out, so an import goes on in
//! any instance on the database and one whose instance died is taken over by another.

pub mod parse;
mod store;

use serde_json::json;
use switchboard_core::api::{AuditQuery, ImportProgress, ImportRowState};

use crate::audit::Outcome;
use crate::error::AppError;
use crate::instances::rows::each_free_row;
use crate::pairing;
use crate::state::AppState;
pub use store::{Work, claim_row, progress};

/// Rows carried out at the same time: enough to be quick, few enough not to crowd Twilio.
const CONCURRENT_ROWS: usize = 4;
/// How many of the first free rows a run chooses the next from: more than it can hold at once.
const LOOK_AHEAD: i64 = 4 * CONCURRENT_ROWS as i64;

/// Stores the import and starts carrying it out here at once; other instances join in on their
/// next sweep.
pub async fn start(
    state: &AppState,
    csv: &str,
    started_by: &str,
) -> Result<ImportProgress, AppError> {
    let preview = parse::preview(csv)?;
    let id = store::insert(&state.db, &preview, started_by).await?;
    tokio::spawn(run(state.clone(), id, started_by.to_owned()));
    store::progress(&state.db, id).await
}

/// The sweep's part: every unfinished import is carried on here, row by row, as far as nobody
/// alive holds its rows (an import whose instance died is taken over this way).
pub async fn take_over(state: &AppState) {
    match store::unfinished_imports(&state.db).await {
        Ok(imports) => {
            for (id, actor) in imports {
                tokio::spawn(run(state.clone(), id, actor));
            }
        }
        Err(error) => tracing::error!(%error, "could not look for unfinished imports"),
    }
}

/// Carries out the rows of import `id` that nobody alive holds, each taken before its upstream call,
/// until none is left, then marks the import finished if no row is left to anyone; one run per
/// import at a time in this process. The rows to do are read again before each is taken, so rows
/// whose instance dies meanwhile are taken over as soon as they count as orphaned.
async fn run(state: AppState, id: i64, actor: String) {
    let Some(_here) = state.instance.begin(format!("import-{id}")) else {
        return;
    };
    let (state, actor) = (&state, actor.as_str());
    let free = || async move {
        store::free_lines(&state.db, id, &state.instance, LOOK_AHEAD)
            .await
            .inspect_err(
                |error| tracing::error!(%error, import = id, "could not read the import's rows"),
            )
            .ok()
    };
    each_free_row(CONCURRENT_ROWS, free, |line| async move {
        let outcome = match store::claim_row(&state.db, id, line, &state.instance).await {
            Ok(Some(work)) => carry_out(state, id, actor, work).await,
            Ok(None) => Ok(()),
            Err(error) => Err(error),
        };
        if let Err(error) = outcome {
            tracing::error!(%error, import = id, line, "could not record an import row");
        }
    })
    .await;
    match store::finish(&state.db, id).await {
        Ok(true) => {
            tracing::info!(import = id, "pairing import finished");
            state.events.publish(crate::events::Event::finished(id));
        }
        Ok(false) => {}
        Err(error) => tracing::error!(%error, import = id, "could not mark the import finished"),
    }
}

/// One row this instance holds: made upstream once, audited once, recorded while still held.
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
    let (db, me) = (&state.db, &state.instance);
    if !store::set_row(db, id, work.line, me, ImportRowState::Running, None, None).await? {
        return Ok(());
    }
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
        Err(error) => (ImportRowState::Failed, None, Some(error)),
    };
    let recorded = store::set_row(db, id, work.line, me, row_state, sid, error).await?;
    if recorded {
        state
            .events
            .publish(crate::events::Event::row(id, work.line, row_state));
    } else {
        tracing::warn!(
            import = id,
            line = work.line,
            "another instance took this row over before its result was recorded"
        );
    }
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
    let (db, me) = (&state.db, &state.instance);
    store::set_row(
        db,
        id,
        work.line,
        me,
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
