//! The account mirror: what the server keeps of every conversation, filled by a first walk
//! (`walk`), kept current by Twilio's post-events (`hook`, `event`, `apply`) and the server's own
//! writes (`refresh_conversation`), and mended by a periodic reconcile within an upstream call
//! budget (`reconcile`). A cache: a later `date_updated` or message index wins, and a removed row
//! stays removed.

pub mod apply;
pub mod connect;
pub mod event;
pub mod failures;
pub mod hook;
pub mod read;
pub mod reconcile;
pub mod refresh;
pub mod row;
pub mod runs;
pub mod status;
pub mod store;
pub mod walk;

pub use connect::HOOK_PATH;
pub use reconcile::reconcile_now;
pub use refresh::refresh_conversation;

use crate::error::{AppError, Sentence, said};
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    #[error(transparent)]
    Twilio(#[from] switchboard_twilio::Error),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("a reconcile is already running on another instance: try again when it has finished")]
    Busy,
    #[error("{0}")]
    Conflict(Sentence),
    #[error(transparent)]
    App(Box<AppError>),
}

impl From<MirrorError> for AppError {
    fn from(error: MirrorError) -> Self {
        match error {
            MirrorError::Twilio(e) => AppError::Upstream(e),
            MirrorError::Database(e) => AppError::Database(e),
            MirrorError::Busy => AppError::conflict(said!(reconcile_busy)),
            MirrorError::Conflict(sentence) => AppError::conflict(sentence),
            MirrorError::App(error) => *error,
        }
    }
}

impl From<AppError> for MirrorError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Upstream(e) => MirrorError::Twilio(e),
            AppError::Database(e) => MirrorError::Database(e),
            other => MirrorError::App(Box::new(other)),
        }
    }
}

/// At start: on the sandbox, connects its events here; then the walk (when never finished) and
/// the periodic reconcile.
pub async fn start(state: AppState) {
    if state.sandbox.is_some()
        && let Err(error) = connect::connect_sandbox(&state).await
    {
        tracing::warn!(%error, "could not connect the sandbox's events to the mirror");
    }
    walk::take_over(&state).await;
    reconcile::keep_reconciling(state).await;
}

/// The sweep's part: a walk whose holder died is taken over.
pub async fn take_over(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move { walk::take_over(&state).await });
}

/// After the server itself changed a conversation: read it again at once, in the background.
pub fn note_changed(state: &AppState, conversation_sid: &str) {
    let (state, sid) = (state.clone(), conversation_sid.to_owned());
    tokio::spawn(async move { refresh_conversation(&state, &sid).await });
}

/// After the server itself deleted a conversation: its row is kept as removed at once.
pub fn note_deleted(state: &AppState, conversation_sid: &str) {
    let (state, sid) = (state.clone(), conversation_sid.to_owned());
    tokio::spawn(async move {
        if let Err(error) = refresh::note_removed(&state, &sid).await {
            tracing::warn!(%error, "could not note a deleted conversation in the mirror");
        }
    });
}
