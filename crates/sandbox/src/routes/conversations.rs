use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::form::Fields;
use super::origin;
use crate::paging::{PageMeta, PageQuery};
use crate::store::{ConversationState, NewConversation};
use crate::{SandboxState, TwilioError};

const FRIENDLY_NAME_MAX: usize = 256;

pub async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    let new = NewConversation {
        friendly_name: fields.get("FriendlyName").map(str::to_owned),
        unique_name: fields.get("UniqueName").map(str::to_owned),
        attributes: fields.get("Attributes").map(str::to_owned),
        state: fields.get("State").map(parse_state).transpose()?,
        date_created: None,
    };
    if new
        .friendly_name
        .as_ref()
        .is_some_and(|n| n.chars().count() > FRIENDLY_NAME_MAX)
    {
        return Err(TwilioError::invalid_parameter(
            "FriendlyName must be at most 256 characters",
        ));
    }
    if let Some(attributes) = &new.attributes
        && serde_json::from_str::<Value>(attributes).is_err()
    {
        return Err(TwilioError::invalid_parameter(
            "Attributes must be valid JSON",
        ));
    }
    let mut store = state.store.lock().expect("store lock");
    if new
        .unique_name
        .as_deref()
        .is_some_and(|name| store.unique_name_taken(name))
    {
        return Err(TwilioError::new(
            409,
            50353,
            "Conversation with provided unique name already exists",
        ));
    }
    let conversation = store.create_conversation(new).clone();
    Ok((
        StatusCode::CREATED,
        Json(store.conversation_json(&conversation, &origin(&headers))),
    ))
}

#[derive(Deserialize)]
pub struct ListFilters {
    #[serde(rename = "State")]
    state: Option<String>,
}

pub async fn list(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Query(paging): Query<PageQuery>,
    Query(filters): Query<ListFilters>,
) -> Result<Json<Value>, TwilioError> {
    let request = paging.validate(50, 100)?;
    let state_filter = filters.state.as_deref().map(parse_state).transpose()?;
    let mut list_url = format!("{}/v1/Conversations", origin(&headers));
    if let Some(state) = &filters.state {
        list_url.push_str(&format!("?State={state}"));
    }
    let store = state.store.lock().expect("store lock");
    let total = store.conversations(state_filter).count();
    let page: Vec<Value> = store
        .conversations(state_filter)
        .skip(request.offset)
        .take(request.size)
        .map(|c| store.conversation_json(c, &origin(&headers)))
        .collect();
    let meta = PageMeta::new(request, total, &list_url, "conversations");
    Ok(Json(json!({ "conversations": page, "meta": meta })))
}

fn parse_state(text: &str) -> Result<ConversationState, TwilioError> {
    ConversationState::parse(text).ok_or_else(|| {
        TwilioError::invalid_parameter("State must be one of active, inactive, closed")
    })
}
