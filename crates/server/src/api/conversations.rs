//! `/api/v1/conversations`: the list and its searches, one conversation, closing and deleting.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{ConversationDetail, ConversationPage};

use super::openapi::{Conflict, Invalid, NotFound, Upstream};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::conversations::{self, Cursor, Search};
use crate::error::AppError;
use crate::extract::{Json, Query, SidPath};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ListQuery {
    state: Option<String>,
    q: Option<String>,
    page: Option<String>,
    page_size: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/conversations",
    tag = "conversations",
    params(
        ("state" = Option<String>, Query, description = "active, inactive or closed"),
        ("q" = Option<String>, Query, description = "A phone number, or a name or reference to look for among the 1,000 newest conversations"),
        ("page" = Option<String>, Query, description = "The next_page cursor of the previous answer"),
        ("page_size" = Option<u32>, Query, description = "1 to 100, default 25"),
    ),
    responses(
        (status = 200, body = ConversationPage),
        Invalid, Upstream,
    )
)]
pub async fn conversations_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> Result<Json<ConversationPage>, AppError> {
    let state_filter = query
        .state
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(conversations::parse_state)
        .transpose()?;
    let search = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let page = match search {
        Some(q) => conversations::search(&state, Search::parse(q)?, state_filter).await?,
        None => {
            let size = conversations::page_size(query.page_size)?;
            let position = query.page.as_deref().map(Cursor::parse).transpose()?;
            conversations::page(&state, state_filter, size, position).await?
        }
    };
    Ok(Json(page))
}

#[utoipa::path(
    get,
    path = "/api/v1/conversations/{sid}",
    tag = "conversations",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    responses(
        (status = 200, body = ConversationDetail),
        NotFound, Upstream,
    )
)]
pub async fn conversations_get(
    State(state): State<AppState>,
    _user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
) -> Result<Json<ConversationDetail>, AppError> {
    Ok(Json(conversations::detail(&state, &sid).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/close",
    tag = "conversations",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    responses(
        (status = 204, description = "Closed; its number pairs are free"),
        NotFound, Conflict, Upstream,
    )
)]
pub async fn conversations_close(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
) -> Result<StatusCode, AppError> {
    user.require(Role::Operator)?;
    let result = conversations::close(&state, &sid).await;
    state
        .audit
        .record(
            &user,
            "conversation.close",
            Some(sid.as_str()),
            Outcome::of(&result),
            json!({}),
        )
        .await;
    result.map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/api/v1/conversations/{sid}",
    tag = "conversations",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    responses(
        (status = 204, description = "Deleted with its messages; its number pairs are free"),
        NotFound, Upstream,
    )
)]
pub async fn conversations_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
) -> Result<StatusCode, AppError> {
    user.require(Role::Admin)?;
    let result = conversations::delete(&state, &sid).await;
    state
        .audit
        .record(
            &user,
            "conversation.delete",
            Some(sid.as_str()),
            Outcome::of(&result),
            json!({}),
        )
        .await;
    result.map(|()| StatusCode::NO_CONTENT)
}
