use axum::Json;
use axum::extract::State;
use switchboard_core::api::{ConversationPage, ConversationRow, ConversationState};
use switchboard_twilio::wire::Conversation;

use crate::error::AppError;
use crate::startup::AppState;

/// How many conversations one list answer holds.
const LIST_LIMIT: usize = 50;

pub async fn conversations_list(
    State(state): State<AppState>,
) -> Result<Json<ConversationPage>, AppError> {
    let conversations = state.twilio.list_conversations(LIST_LIMIT).await?;
    Ok(Json(ConversationPage {
        conversations: conversations.into_iter().map(row).collect(),
    }))
}

fn row(conversation: Conversation) -> ConversationRow {
    ConversationRow {
        state: match conversation.state.as_str() {
            "initializing" => ConversationState::Initializing,
            "inactive" => ConversationState::Inactive,
            "closed" => ConversationState::Closed,
            _ => ConversationState::Active,
        },
        sid: conversation.sid,
        friendly_name: conversation.friendly_name,
        unique_name: conversation.unique_name,
        date_created: conversation.date_created,
    }
}
