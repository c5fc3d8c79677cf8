//! Ending many conversations in one confirmed step (`/api/v1/bulk-ends`). Every conversation to end is stored before any is
//! ended and each result as soon as it is known; each is held by one instance while it is ended, so a
//! bulk end goes on in any instance on the database, one whose instance died is taken over by
//! another, and none is ended twice (as CSV imports, `imports`).

mod store;

use std::collections::HashSet;

use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{AuditQuery, BulkEndProgress, BulkEndRowState, MAX_BULK_END};

use crate::audit::Outcome;
use crate::conversations::filters::{Filters, Position, Sort};
use crate::conversations::{self, mirrored};
use crate::error::{AppError, said};
use crate::instances::rows::each_free_row;
use crate::state::AppState;
pub use store::progress;

/// Conversations ended at the same time: quick, without crowding Twilio.
const CONCURRENT: usize = 4;
/// How many of the first free rows a run chooses the next from.
const LOOK_AHEAD: i64 = 4 * CONCURRENT as i64;
/// The mirror's rows read per page while finding every conversation that matches.
const PAGE: u32 = 100;

/// Which conversations to end.
pub enum Selection {
    /// Chosen one by one, as typed or clicked.
    Chosen(Vec<String>),
    /// Every open conversation the list's filters match, across every page.
    Matching(Filters),
}

/// Stores the bulk end and starts it here at once; other instances join in on their next sweep.
pub async fn start(
    state: &AppState,
    selection: Selection,
    started_by: &str,
) -> Result<BulkEndProgress, AppError> {
    let conversations = match selection {
        Selection::Chosen(sids) => chosen(state, sids).await?,
        Selection::Matching(filters) => matching(state, filters).await?,
    };
    if conversations.is_empty() {
        return Err(AppError::invalid(said!(bulk_none_chosen)));
    }
    if conversations.len() > MAX_BULK_END {
        return Err(AppError::invalid(said!(
            bulk_too_many,
            count = conversations.len(),
            limit = MAX_BULK_END
        )));
    }
    let id = store::insert(&state.db, &conversations, started_by).await?;
    tokio::spawn(run(state.clone(), id, started_by.to_owned()));
    store::progress(&state.db, id).await
}

/// The chosen SIDs, each checked and named from the mirror, without repeats.
async fn chosen(
    state: &AppState,
    sids: Vec<String>,
) -> Result<Vec<(String, Option<String>)>, AppError> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for sid in sids {
        let sid = ConversationSid::parse(sid.trim()).map_err(|error| {
            AppError::invalid(said!(
                not_a_conversation_sid,
                sid = sid,
                example = error.example()
            ))
        })?;
        if seen.insert(sid.as_str().to_owned()) {
            let name: Option<Option<String>> =
                sqlx::query_scalar("SELECT friendly_name FROM mirror_conversations WHERE sid = $1")
                    .bind(sid.as_str())
                    .fetch_optional(&state.db)
                    .await?;
            found.push((sid.as_str().to_owned(), name.flatten()));
        }
    }
    Ok(found)
}

/// Every open conversation the filters match, newest activity first, from the mirror.
async fn matching(
    state: &AppState,
    mut filters: Filters,
) -> Result<Vec<(String, Option<String>)>, AppError> {
    if conversations::list_source(&state.db).await? != switchboard_core::api::ListSource::Mirror {
        return Err(AppError::invalid(said!(bulk_needs_mirror)));
    }
    if filters.state.as_deref() == Some("closed") {
        return Ok(Vec::new());
    }
    let states: Vec<Option<String>> = match filters.state.take() {
        Some(one) => vec![Some(one)],
        None => vec![Some("active".into()), Some("inactive".into())],
    };
    let now = state.clock.now().unix_timestamp_nanos() / 1_000_000;
    let now_ms = i64::try_from(now).unwrap_or(i64::MAX);
    let mut found = Vec::new();
    for state_filter in states {
        filters.state = state_filter;
        let mut after = None;
        loop {
            let request = mirrored::Request {
                after,
                filters: filters.clone(),
                sort: Sort::Activity,
                page_size: PAGE,
                now_ms,
            };
            let page = mirrored::page(&state.db, &request).await?;
            found.extend(
                page.conversations
                    .into_iter()
                    .map(|row| (row.sid, row.friendly_name)),
            );
            if found.len() > MAX_BULK_END {
                return Ok(found);
            }
            match page.next_page {
                Some(cursor) => after = Some(Position::parse(&cursor, Sort::Activity)?),
                None => break,
            }
        }
    }
    Ok(found)
}

/// The sweep's part: every unfinished bulk end is carried on here as far as nobody alive holds its
/// rows.
pub async fn take_over(state: &AppState) {
    match store::unfinished(&state.db).await {
        Ok(bulk_ends) => {
            for (id, actor) in bulk_ends {
                tokio::spawn(run(state.clone(), id, actor));
            }
        }
        Err(error) => tracing::error!(%error, "could not look for unfinished bulk ends"),
    }
}

/// Ends the conversations of bulk end `id` that nobody alive holds, each taken before its upstream
/// call, then marks it finished if none is left to anyone; one run per bulk end in this process.
async fn run(state: AppState, id: i64, actor: String) {
    let Some(_here) = state.instance.begin(format!("bulk-end-{id}")) else {
        return;
    };
    let (state, actor) = (&state, actor.as_str());
    let free = || async move {
        store::free_positions(&state.db, id, &state.instance, LOOK_AHEAD)
            .await
            .inspect_err(|error| tracing::error!(%error, bulk_end = id, "could not read the bulk end's rows"))
            .ok()
    };
    each_free_row(CONCURRENT, free, |position| async move {
        let outcome = match store::claim(&state.db, id, position, &state.instance).await {
            Ok(Some(work)) => end_one(state, id, actor, work).await,
            Ok(None) => Ok(()),
            Err(error) => Err(error),
        };
        if let Err(error) = outcome {
            tracing::error!(%error, bulk_end = id, position, "could not record a bulk end's row");
        }
    })
    .await;
    match store::finish(&state.db, id).await {
        Ok(true) => tracing::info!(bulk_end = id, "bulk end finished"),
        Ok(false) => {}
        Err(error) => {
            tracing::error!(%error, bulk_end = id, "could not mark the bulk end finished")
        }
    }
}

/// Ends one conversation this instance holds: closed upstream once, audited once, recorded while
/// still held. One already closed is noted, not closed again.
async fn end_one(
    state: &AppState,
    id: i64,
    actor: &str,
    work: store::Work,
) -> Result<(), AppError> {
    let (db, me) = (&state.db, &state.instance);
    let record = |row_state, note: Option<String>| async move {
        if !store::set_row(db, id, work.position, me, row_state, note.as_deref()).await? {
            tracing::warn!(
                bulk_end = id,
                position = work.position,
                "another instance took this row over"
            );
        }
        Ok::<_, AppError>(())
    };
    let sid = match ConversationSid::parse(&work.sid) {
        Ok(sid) => sid,
        Err(e) => return record(BulkEndRowState::Failed, Some(e.to_string())).await,
    };
    let current = state.twilio.fetch_conversation(sid.as_str()).await;
    match current {
        Ok(c) if c.state == "closed" => {
            let note = if work.was_running && !audited(state, id, sid.as_str()).await? {
                audit_close(
                    state,
                    actor,
                    id,
                    &sid,
                    Outcome::Ok,
                    json!({ "resumed": true }),
                )
                .await;
                "Ended before an interruption."
            } else {
                "It was closed already."
            };
            return record(BulkEndRowState::Ended, Some(note.into())).await;
        }
        Ok(_) => {}
        Err(error) => {
            let error = conversations::not_found_as(error, &sid);
            return record(BulkEndRowState::Failed, Some(error.to_string())).await;
        }
    }
    if !store::set_row(db, id, work.position, me, BulkEndRowState::Running, None).await? {
        return Ok(());
    }
    let result = conversations::close(state, &sid).await;
    audit_close(state, actor, id, &sid, Outcome::of(&result), json!({})).await;
    match result {
        Ok(()) => record(BulkEndRowState::Ended, None).await,
        Err(error) => record(BulkEndRowState::Failed, Some(error.to_string())).await,
    }
}

/// Whether this bulk end's close of `sid` is in the audit log already.
async fn audited(state: &AppState, id: i64, sid: &str) -> Result<bool, AppError> {
    let query = AuditQuery {
        action: Some("conversation.close".into()),
        target: Some(sid.to_owned()),
        ..AuditQuery::default()
    };
    let entries = state.audit.list(&query).await?.entries;
    Ok(entries.iter().any(|e| e.detail["bulk_end"] == json!(id)))
}

/// Audits a close under the name of whoever started the bulk end.
async fn audit_close(
    state: &AppState,
    actor: &str,
    id: i64,
    sid: &ConversationSid,
    outcome: Outcome,
    mut detail: serde_json::Value,
) {
    detail["bulk_end"] = json!(id);
    state
        .audit
        .record_as(
            None,
            actor,
            "conversation.close",
            Some(sid.as_str()),
            outcome,
            detail,
        )
        .await;
}
