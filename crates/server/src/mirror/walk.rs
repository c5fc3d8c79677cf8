//! The first walk of the account: every conversation, newest first, a page at a time, each with its
//! participants and newest messages; the page cursor is stored after each page, so the instance that
//! takes the walk over after a restart goes on from there.

use switchboard_core::api::Event;
use switchboard_twilio::ConversationQuery;
use switchboard_twilio::wire::Conversation;

use super::MirrorError;
use super::read::{self, Budget, Snapshot};
use super::refresh::write;
use super::runs::{self, WALK};
use crate::state::AppState;

/// Conversations per page of the walk.
const PAGE_SIZE: u32 = 100;

/// Takes the walk when it is unfinished and nobody alive holds it, and runs it to the end.
pub async fn take_over(state: &AppState) {
    let Some(_here) = state.instance.begin("mirror-walk".to_owned()) else {
        return;
    };
    let run = match runs::take(&state.db, WALK, &state.instance, "finished_ms IS NULL").await {
        Ok(Some(run)) => run,
        Ok(None) => return,
        Err(error) => {
            tracing::warn!(%error, "could not take the mirror's walk");
            return;
        }
    };
    if let Err(error) = walk(state, run.cursor, run.done).await {
        tracing::warn!(%error, "the mirror's walk stopped; it goes on from its last page at the next sweep");
        let _ = runs::release(&state.db, WALK, &state.instance, None, false).await;
    }
}

/// The `Page` and `PageToken` of a `next_page_url`, stored as `page:token`.
pub fn cursor_of(next_page_url: &str) -> Option<String> {
    let url = url::Url::parse(next_page_url).ok()?;
    let value = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    Some(format!("{}:{}", value("Page")?, value("PageToken")?))
}

/// The position a stored cursor names.
pub fn position_of(cursor: &str) -> Option<(u32, &str)> {
    let (page, token) = cursor.split_once(':')?;
    Some((page.parse().ok()?, token))
}

async fn walk(
    state: &AppState,
    mut cursor: Option<String>,
    mut done: i64,
) -> Result<(), MirrorError> {
    let query = ConversationQuery {
        state: None,
        page_size: Some(PAGE_SIZE),
    };
    let mut page = state
        .twilio
        .conversations_page(&query, cursor.as_deref().and_then(position_of))
        .await?;
    // A pipeline: while one page's conversations are read from Twilio, the page before is
    // written and the page after is listed. The stored cursor names the first page not written.
    let mut read: Vec<Snapshot> = Vec::new();
    loop {
        let next_cursor = page.next_page_url.as_deref().and_then(cursor_of);
        let next = async {
            match next_cursor.as_deref().and_then(position_of) {
                Some(position) => Some(
                    state
                        .twilio
                        .conversations_page(&query, Some(position))
                        .await,
                ),
                None => None,
            }
        };
        let (reading, written, next) = tokio::join!(
            read_page(state, std::mem::take(&mut page.items)),
            store_page(state, std::mem::take(&mut read)),
            next
        );
        done += written?;
        read = reading?;
        if !runs::progress(&state.db, WALK, &state.instance, cursor.as_deref(), done).await? {
            return Ok(());
        }
        cursor = next_cursor;
        state.events.publish(Event::MirrorProgress {
            done: u64::try_from(done).unwrap_or_default(),
        });
        match next {
            Some(next) => page = next?,
            None => break,
        }
    }
    done += store_page(state, read).await?;
    if !runs::progress(&state.db, WALK, &state.instance, cursor.as_deref(), done).await? {
        return Ok(());
    }
    runs::release(&state.db, WALK, &state.instance, None, true).await?;
    tracing::info!(done, "the mirror's first walk of the account is finished");
    Ok(())
}

/// Reads around every conversation of a page at once (those gone meanwhile left out).
async fn read_page(
    state: &AppState,
    conversations: Vec<Conversation>,
) -> Result<Vec<Snapshot>, MirrorError> {
    let budget = Budget::unlimited();
    let reads = conversations
        .into_iter()
        .map(|c| read::around(&state.twilio, c, &budget));
    let mut read = Vec::new();
    for snapshot in futures_util::future::join_all(reads).await {
        read.extend(snapshot?);
    }
    Ok(read)
}

/// Writes a page's conversations; how many were stored.
async fn store_page(state: &AppState, snapshots: Vec<Snapshot>) -> Result<i64, MirrorError> {
    for snapshot in &snapshots {
        write(&state.db, snapshot).await?;
    }
    Ok(snapshots.len() as i64)
}
