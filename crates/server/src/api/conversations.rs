use axum::extract::{Path, State};
use axum::http::StatusCode;
use futures_util::future::try_join_all;
use serde::Deserialize;
use serde_json::json;
use switchboard_core::Address;
use switchboard_core::api::{ConversationDetail, ConversationPage, ConversationRow};
use switchboard_twilio::wire::{Conversation, Message};
use switchboard_twilio::{ConversationParams, ConversationQuery, MessageOrder};

use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::views;

const DEFAULT_PAGE_SIZE: u32 = 25;
/// A text search reads at most this many conversations, newest first (10 pages of Twilio's largest).
const SEARCH_LIMIT: usize = 1_000;
/// Recent messages read per row to judge the WhatsApp window.
const WINDOW_MESSAGES: u32 = 20;

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
    params(("state" = Option<String>, Query, description = "active, inactive or closed"), ("q" = Option<String>, Query, description = "A phone number, or a name or reference to look for among the 1,000 newest conversations"), ("page" = Option<String>, Query, description = "The next_page cursor of the previous answer"), ("page_size" = Option<u32>, Query, description = "1 to 100, default 25")),
    responses((status = 200, body = ConversationPage), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
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
        .map(parse_state)
        .transpose()?;
    let search = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let (conversations, next_page) = match search {
        Some(q) if looks_like_phone(q) => (by_phone(&state, q, state_filter).await?, None),
        Some(q) => (by_name(&state, q, state_filter).await?, None),
        None => one_page(&state, &query, state_filter).await?,
    };
    let rows = try_join_all(
        conversations
            .into_iter()
            .map(|c| row_with_participants(&state, c)),
    )
    .await?;
    Ok(Json(ConversationPage {
        conversations: rows,
        next_page,
    }))
}

fn parse_state(text: &str) -> Result<&str, AppError> {
    match text {
        "active" | "inactive" | "closed" => Ok(text),
        _ => Err(AppError::Invalid(format!(
            "state \"{text}\" is not one of active, inactive, closed."
        ))),
    }
}

fn looks_like_phone(q: &str) -> bool {
    let q = q.strip_prefix("whatsapp:").unwrap_or(q);
    q.starts_with('+') && q.chars().filter(char::is_ascii_digit).count() >= 7
}

async fn one_page(
    state: &AppState,
    query: &ListQuery,
    state_filter: Option<&str>,
) -> Result<(Vec<Conversation>, Option<String>), AppError> {
    let page_size = query.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=100).contains(&page_size) {
        return Err(AppError::Invalid(
            "page_size must be between 1 and 100.".into(),
        ));
    }
    let upstream_query = ConversationQuery {
        state: state_filter.map(str::to_owned),
        page_size: Some(page_size),
    };
    let position = query.page.as_deref().map(page_position).transpose()?;
    let page = state
        .twilio
        .conversations_page(&upstream_query, position)
        .await?;
    Ok((
        page.items,
        page.next_page_url.as_deref().and_then(cursor_of),
    ))
}

/// The cursor handed to the UI: Twilio's page number and token, never a URL the server would call.
fn cursor_of(next_page_url: &str) -> Option<String> {
    let query = next_page_url.split_once('?')?.1;
    let value = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    };
    Some(format!("{}.{}", value("Page")?, value("PageToken")?))
}

/// Twilio's page number and token from a cursor [`cursor_of`] gave out.
fn page_position(cursor: &str) -> Result<(u32, &str), AppError> {
    let invalid = || {
        AppError::Invalid(
            "page is not a cursor this list gave out: start again from the first page.".into(),
        )
    };
    let (page, token) = cursor.split_once('.').ok_or_else(invalid)?;
    let safe = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    match page.parse::<u32>() {
        Ok(page) if safe(token) => Ok((page, token)),
        _ => Err(invalid()),
    }
}

/// Conversations a phone number takes part in, on SMS and on WhatsApp.
async fn by_phone(
    state: &AppState,
    q: &str,
    state_filter: Option<&str>,
) -> Result<Vec<Conversation>, AppError> {
    let number = Address::parse(q)
        .map_err(|e| AppError::Invalid(format!("The number to search for: {e}.")))?;
    let sms = number.e164().to_owned();
    let whatsapp = format!("whatsapp:{sms}");
    let (on_sms, on_whatsapp) = tokio::try_join!(
        state.twilio.participant_conversations(&sms),
        state.twilio.participant_conversations(&whatsapp)
    )?;
    let mut sids: Vec<String> = on_sms
        .into_iter()
        .chain(on_whatsapp)
        .map(|c| c.conversation_sid)
        .collect();
    sids.sort();
    sids.dedup();
    let conversations =
        try_join_all(sids.iter().map(|sid| state.twilio.fetch_conversation(sid))).await?;
    Ok(conversations
        .into_iter()
        .filter(|c| state_filter.is_none_or(|s| c.state == s))
        .collect())
}

/// Conversations among the newest [`SEARCH_LIMIT`] whose name, unique name or reference contains
/// `q`, ignoring case.
async fn by_name(
    state: &AppState,
    q: &str,
    state_filter: Option<&str>,
) -> Result<Vec<Conversation>, AppError> {
    let needle = q.to_lowercase();
    let all = state
        .twilio
        .list_conversations_filtered(state_filter, SEARCH_LIMIT)
        .await?;
    let matches = |text: &Option<String>| {
        text.as_deref()
            .is_some_and(|t| t.to_lowercase().contains(&needle))
    };
    Ok(all
        .into_iter()
        .filter(|c| matches(&c.friendly_name) || matches(&c.unique_name) || matches(&c.attributes))
        .collect())
}

async fn row_with_participants(
    state: &AppState,
    conversation: Conversation,
) -> Result<ConversationRow, AppError> {
    let (participants, recent) = tokio::try_join!(
        state.twilio.list_participants(&conversation.sid),
        state.twilio.messages_page(
            &conversation.sid,
            MessageOrder::NewestFirst,
            WINDOW_MESSAGES
        ),
    )?;
    let now = state.clock.now();
    let participants = participants
        .into_iter()
        .map(|p| views::participant(p, &recent.items, now))
        .collect();
    Ok(views::conversation_row(conversation, participants))
}

/// Messages shown in the detail's timeline.
const TIMELINE_MESSAGES: u32 = 50;

#[utoipa::path(
    get,
    path = "/api/v1/conversations/{sid}",
    tag = "conversations",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    responses((status = 200, body = ConversationDetail), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
)]
pub async fn conversations_get(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(sid): Path<String>,
) -> Result<Json<ConversationDetail>, AppError> {
    let twilio = &state.twilio;
    let (conversation, participants, messages, webhooks) = tokio::try_join!(
        twilio.fetch_conversation(&sid),
        twilio.list_participants(&sid),
        twilio.messages_page(&sid, MessageOrder::NewestFirst, TIMELINE_MESSAGES),
        twilio.list_webhooks(&sid),
    )
    .map_err(|e| not_found_as(e, &sid))?;
    let now = state.clock.now();
    let participants = participants
        .into_iter()
        .map(|p| views::participant(p, &messages.items, now))
        .collect();
    let messages = try_join_all(
        messages
            .items
            .into_iter()
            .rev()
            .map(|m| message_with_receipts(&state, &sid, m)),
    )
    .await?;
    let attributes = conversation.attributes.clone();
    Ok(Json(ConversationDetail {
        conversation: views::conversation_row(conversation, participants),
        attributes,
        messages,
        webhooks: webhooks.into_iter().map(views::webhook).collect(),
        opt_in: crate::opt_in::status(&state.db, &sid).await?,
    }))
}

/// Receipts are read only for messages whose summary shows a failure: the rest need no extra call.
async fn message_with_receipts(
    state: &AppState,
    conversation: &str,
    message: Message,
) -> Result<switchboard_core::api::MessageView, AppError> {
    let receipts = if views::has_failures(&message) {
        state
            .twilio
            .message_receipts(conversation, &message.sid)
            .await?
    } else {
        Vec::new()
    };
    Ok(views::message(message, receipts))
}

pub fn not_found_as(error: switchboard_twilio::Error, sid: &str) -> AppError {
    match error.twilio_code() {
        Some(20404) => AppError::NotFound(format!(
            "There is no conversation {sid}: it may have been deleted."
        )),
        _ => error.into(),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/close",
    tag = "conversations",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    responses((status = 204, description = "Closed; its number pairs are free"), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody), (status = 409, description = "Conflicts with what exists, e.g. the conversation is closed; the message says what to do", body = switchboard_core::api::ErrorBody))
)]
pub async fn conversations_close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sid): Path<String>,
) -> Result<StatusCode, AppError> {
    user.require(Role::Operator)?;
    let params = ConversationParams {
        state: Some("closed".into()),
        ..ConversationParams::default()
    };
    let result = state
        .twilio
        .update_conversation(&sid, &params)
        .await
        .map(drop)
        .map_err(|e| not_found_as(e, &sid));
    state
        .audit
        .record(
            &user,
            "conversation.close",
            Some(&sid),
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
    responses((status = 204, description = "Deleted with its messages; its number pairs are free"), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
)]
pub async fn conversations_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sid): Path<String>,
) -> Result<StatusCode, AppError> {
    user.require(Role::Admin)?;
    let result = state
        .twilio
        .delete_conversation(&sid)
        .await
        .map_err(|e| not_found_as(e, &sid));
    state
        .audit
        .record(
            &user,
            "conversation.delete",
            Some(&sid),
            Outcome::of(&result),
            json!({}),
        )
        .await;
    result.map(|()| StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_keeps_twilios_page_and_token_but_no_url() {
        let url =
            "https://conversations.twilio.com/v1/Conversations?PageSize=25&Page=1&PageToken=PT25";
        assert_eq!(cursor_of(url).as_deref(), Some("1.PT25"));
        assert_eq!(cursor_of("https://x/v1/Conversations?PageSize=25"), None);
    }

    #[test]
    fn phone_numbers_are_told_from_names() {
        assert!(looks_like_phone("+34 600 000 001"));
        assert!(looks_like_phone("whatsapp:+34600000001"));
        assert!(!looks_like_phone("Order 8812"));
        assert!(!looks_like_phone("+12"));
    }
}
