//! The reconcile: every so often, and within an upstream call budget, the mirror is compared with
//! Twilio and every row that differs is mended: conversations Twilio lists that the mirror lacks
//! or holds older are read again, rows Twilio no longer has are removed (after a fetch confirms it),
//! then the conversations with the newest activity and, from a cursor kept across runs, the rest.

use std::collections::{HashMap, HashSet};

use switchboard_core::api::ReconcileReport;
use switchboard_twilio::ConversationQuery;
use switchboard_twilio::wire::Conversation;

use super::MirrorError;
use super::read::{self, Budget};
use super::refresh::{Outcome, refresh_with, store_snapshot};
use super::row;
use super::runs::{self, RECONCILE, WALK};
use crate::state::AppState;

/// How many of the most recently active conversations each run reads again first.
const NEWEST: i64 = 100;
/// Conversations read at once.
const AT_ONCE: usize = 20;

/// Runs a reconcile now, on this instance; `Busy` when another instance is running one.
pub async fn reconcile_now(state: &AppState) -> Result<ReconcileReport, MirrorError> {
    let Some(run) = runs::take(&state.db, RECONCILE, &state.instance, "1 = 1").await? else {
        return Err(MirrorError::Busy);
    };
    let result = run_once(state, run.cursor).await;
    let cursor = result.as_ref().ok().and_then(|(_, c)| c.clone());
    runs::release(
        &state.db,
        RECONCILE,
        &state.instance,
        cursor.as_deref(),
        result.is_ok(),
    )
    .await?;
    result.map(|(report, _)| report)
}

/// Every `every`, on whichever instance takes it, once the first walk is finished.
pub async fn keep_reconciling(state: AppState) {
    let every = state.mirror.reconcile_every;
    loop {
        tokio::time::sleep(every).await;
        let walked =
            matches!(runs::get(&state.db, WALK).await, Ok(Some(run)) if run.finished_ms.is_some());
        let due = format!(
            "finished_ms IS NULL OR finished_ms < {}",
            crate::db::now_millis() - every.as_millis() as i64 / 2
        );
        if !walked {
            continue;
        }
        match runs::take(&state.db, RECONCILE, &state.instance, &due).await {
            Ok(Some(run)) => {
                let result = run_once(&state, run.cursor).await;
                let cursor = result.as_ref().ok().and_then(|(_, c)| c.clone());
                if let Err(error) = &result {
                    tracing::warn!(%error, "the mirror's reconcile stopped");
                }
                let _ = runs::release(
                    &state.db,
                    RECONCILE,
                    &state.instance,
                    cursor.as_deref(),
                    result.is_ok(),
                )
                .await;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "could not take the mirror's reconcile"),
        }
    }
}

async fn run_once(
    state: &AppState,
    cursor: Option<String>,
) -> Result<(ReconcileReport, Option<String>), MirrorError> {
    let budget = Budget::new(state.mirror.reconcile_budget);
    let mut report = ReconcileReport::default();
    let mut seen = HashSet::new();
    let (listed, complete) = list_all(state, &budget).await?;
    let mirrored = mirrored(state).await?;
    let mut first: Vec<Conversation> = Vec::new();
    for c in listed.values() {
        let fields = row::conversation(c);
        match mirrored.get(&c.sid) {
            Some((updated, st)) if *updated >= fields.updated_ms && *st == fields.state => {}
            _ => first.push(c.clone()),
        }
    }
    refresh_listed(state, first, &budget, &mut report, &mut seen).await?;
    if complete {
        for sid in mirrored.keys().filter(|sid| !listed.contains_key(*sid)) {
            if budget.left() <= 0 {
                break;
            }
            count(&mut report, refresh_with(state, sid, &budget).await?);
        }
    }
    let newest = sids(
        state,
        "ORDER BY activity_ms DESC, sid LIMIT $1",
        None,
        NEWEST,
    )
    .await?;
    let chosen: Vec<Conversation> = newest
        .iter()
        .filter_map(|s| listed.get(s).cloned())
        .collect();
    refresh_listed(state, chosen, &budget, &mut report, &mut seen).await?;
    let mut cursor = cursor;
    // A run that starts midway goes round once: past the end it starts again from the first SID
    // (those it already read cost nothing), so budget left over is never wasted.
    let mut wrapped = false;
    while budget.left() > 0 {
        let batch = sids(
            state,
            "AND sid > $2 ORDER BY sid LIMIT $1",
            cursor.as_deref(),
            AT_ONCE as i64,
        )
        .await?;
        let Some(last) = batch.last().cloned() else {
            if cursor.is_some() && !wrapped {
                wrapped = true;
                cursor = None;
                continue;
            }
            cursor = None;
            break;
        };
        let chosen: Vec<Conversation> = batch
            .iter()
            .filter_map(|s| listed.get(s).cloned())
            .collect();
        refresh_listed(state, chosen, &budget, &mut report, &mut seen).await?;
        cursor = Some(last);
    }
    Ok((report, cursor))
}

/// Every conversation Twilio lists, by SID, and whether the list was read to its end.
async fn list_all(
    state: &AppState,
    budget: &Budget,
) -> Result<(HashMap<String, Conversation>, bool), MirrorError> {
    let query = ConversationQuery {
        state: None,
        page_size: Some(100),
    };
    let mut listed = HashMap::new();
    let mut position: Option<String> = None;
    loop {
        if budget.left() <= 0 {
            return Ok((listed, false));
        }
        budget.spend(1);
        let page = state
            .twilio
            .conversations_page(
                &query,
                position.as_deref().and_then(super::walk::position_of),
            )
            .await?;
        listed.extend(page.items.into_iter().map(|c| (c.sid.clone(), c)));
        match page
            .next_page_url
            .as_deref()
            .and_then(super::walk::cursor_of)
        {
            Some(next) => position = Some(next),
            None => return Ok((listed, true)),
        }
    }
}

/// The mirror's present rows: SID to (updated_ms, state).
async fn mirrored(state: &AppState) -> Result<HashMap<String, (i64, String)>, sqlx::Error> {
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT sid, updated_ms, state FROM mirror_conversations WHERE removed_ms IS NULL",
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(sid, updated, st)| (sid, (updated, st)))
        .collect())
}

async fn sids(
    state: &AppState,
    tail: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!("SELECT sid FROM mirror_conversations WHERE removed_ms IS NULL {tail}");
    let query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(limit);
    let query = match after {
        Some(after) => query.bind(after.to_owned()),
        None if tail.contains("$2") => query.bind(String::new()),
        None => query,
    };
    query.fetch_all(&state.db).await
}

/// Reads each listed conversation's surroundings again and stores them, a few at a time.
async fn refresh_listed(
    state: &AppState,
    conversations: Vec<Conversation>,
    budget: &Budget,
    report: &mut ReconcileReport,
    seen: &mut HashSet<String>,
) -> Result<(), MirrorError> {
    let conversations: Vec<Conversation> = conversations
        .into_iter()
        .filter(|c| seen.insert(c.sid.clone()))
        .collect();
    for chunk in conversations.chunks(AT_ONCE) {
        if budget.left() <= 0 {
            return Ok(());
        }
        let reads = chunk
            .iter()
            .map(|c| read::around(&state.twilio, c.clone(), budget));
        for (snapshot, c) in futures_util::future::join_all(reads)
            .await
            .into_iter()
            .zip(chunk)
        {
            let outcome = match snapshot? {
                Some(snapshot) => store_snapshot(state, &snapshot).await?,
                None => refresh_with(state, &c.sid, budget).await?,
            };
            count(report, outcome);
        }
    }
    Ok(())
}

fn count(report: &mut ReconcileReport, outcome: Outcome) {
    report.checked += 1;
    match outcome {
        Outcome::Unchanged => {}
        Outcome::Changed => report.fixed += 1,
        Outcome::Removed => report.removed += 1,
    }
}
