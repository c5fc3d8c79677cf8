//! Conversations: create, fetch, update, delete and the list, and their wire shape.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use time::Duration;

use super::form::{Fields, webhooks_enabled};
use super::paging::Listing;
use super::wire::{Wire, fetch as fetch_one};
use crate::store::{Conversation, ConversationState, ConversationUpdate, NewConversation, Timers};
use crate::time_format::format;
use crate::{SandboxState, TwilioError, duration};

pub async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    fields: Fields,
) -> Result<(StatusCode, Json<Value>), TwilioError> {
    let new = new_conversation(&fields)?;
    let mut store = state.store.lock().await;
    let conversation = store.create_conversation(new)?;
    let body = Wire::new(&store, &headers).conversation(&conversation);
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok((StatusCode::CREATED, Json(body)))
}

/// The conversation fields shared by `Conversations` and `ConversationWithParticipants`.
pub fn new_conversation(fields: &Fields) -> Result<NewConversation, TwilioError> {
    let (timer_inactive, timer_closed) = parse_timers(fields)?;
    if (timer_inactive.is_some() || timer_closed.is_some()) && fields.get("State").is_none() {
        return Err(TwilioError::new(
            400,
            50382,
            "Timers can only be set on a new conversation together with its State",
        ));
    }
    let new = NewConversation {
        friendly_name: fields.owned("FriendlyName"),
        unique_name: fields.owned("UniqueName"),
        attributes: fields.owned("Attributes"),
        state: fields.get("State").map(parse_state).transpose()?,
        date_created: fields.date("DateCreated")?,
        timer_inactive,
        timer_closed,
    };
    Ok(new)
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    fetch_one(
        &state,
        &headers,
        |s| s.conversation(&id),
        |wire, c| wire.conversation(c),
    )
    .await
}

pub async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Json<Value>, TwilioError> {
    let (timer_inactive, timer_closed) = parse_timers(&fields)?;
    let update = ConversationUpdate {
        friendly_name: fields.owned("FriendlyName"),
        unique_name: fields.owned("UniqueName"),
        attributes: fields.owned("Attributes"),
        state: fields.get("State").map(parse_state).transpose()?,
        timer_inactive,
        timer_closed,
    };
    let mut store = state.store.lock().await;
    let conversation = store.update_conversation(&id, update)?;
    let body = Wire::new(&store, &headers).conversation(&conversation);
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok(Json(body))
}

pub async fn delete(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<StatusCode, TwilioError> {
    let mut store = state.store.lock().await;
    store.delete_conversation(&id)?;
    state.commit(&mut store, webhooks_enabled(&headers)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct ListFilters {
    #[serde(rename = "State")]
    state: Option<String>,
    #[serde(rename = "StartDate")]
    start_date: Option<String>,
    #[serde(rename = "EndDate")]
    end_date: Option<String>,
}

pub async fn list(
    State(state): State<SandboxState>,
    Query(filters): Query<ListFilters>,
    listing: Listing<100>,
) -> Result<Json<Value>, TwilioError> {
    let state_filter = filters.state.as_deref().map(parse_state).transpose()?;
    let start = filters
        .start_date
        .as_deref()
        .map(|d| parse_day(d, "StartDate", false))
        .transpose()?;
    let end = filters
        .end_date
        .as_deref()
        .map(|d| parse_day(d, "EndDate", true))
        .transpose()?;
    let store = state.store.lock().await;
    let items = store.conversations(state_filter, start, end);
    Ok(listing.page(&store, items, "conversations", |wire, c| {
        wire.conversation(c)
    }))
}

pub fn parse_state(text: &str) -> Result<ConversationState, TwilioError> {
    ConversationState::parse(text).ok_or_else(|| {
        TwilioError::invalid_parameter("State must be one of active, inactive, closed")
    })
}

/// `Timers.Inactive` and `Timers.Closed`: ISO 8601 durations.
fn parse_timers(fields: &Fields) -> Result<(Option<Duration>, Option<Duration>), TwilioError> {
    let read = |name: &str| {
        fields
            .get(name)
            .map(|text| {
                duration::parse(text).ok_or_else(|| {
                    TwilioError::invalid_parameter(format!(
                        "{name} must be an ISO 8601 duration, e.g. PT10M or P1D"
                    ))
                })
            })
            .transpose()
    };
    Ok((read("Timers.Inactive")?, read("Timers.Closed")?))
}

/// A list filter's date: a full ISO 8601 time, or a day (the start or the end of it).
fn parse_day(
    text: &str,
    name: &str,
    end_of_day: bool,
) -> Result<time::OffsetDateTime, TwilioError> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(at) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(at);
    }
    let day = time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        TwilioError::invalid_parameter(format!(
            "{name} must be an ISO 8601 date, e.g. 2024-05-01 or 2024-05-01T00:00:00Z"
        ))
    })?;
    let time = if end_of_day {
        time::Time::from_hms(23, 59, 59).expect("valid")
    } else {
        time::Time::MIDNIGHT
    };
    Ok(day.with_time(time).assume_utc())
}

impl Wire<'_> {
    pub fn conversation(&self, conversation: &Conversation) -> Value {
        let url = self.url(&format!("/v1/Conversations/{}", conversation.sid));
        json!({
            "account_sid": self.account_sid(),
            "chat_service_sid": self.store.meta.chat_service_sid,
            "messaging_service_sid": self.store.meta.messaging_service_sid,
            "sid": conversation.sid,
            "friendly_name": conversation.friendly_name,
            "unique_name": conversation.unique_name,
            "attributes": conversation.attributes,
            "state": conversation.state.as_str(),
            "date_created": format(conversation.date_created),
            "date_updated": format(conversation.date_updated),
            "timers": timers(&conversation.timers),
            "url": url,
            "links": {
                "participants": format!("{url}/Participants"),
                "messages": format!("{url}/Messages"),
                "webhooks": format!("{url}/Webhooks"),
            },
            "bindings": null,
        })
    }
}

/// Only the timers that are set, as Twilio shows them.
pub fn timers(timers: &Timers) -> Value {
    let mut out = serde_json::Map::new();
    if let Some(at) = timers.date_inactive {
        out.insert("date_inactive".into(), format(at).into());
    }
    if let Some(at) = timers.date_closed {
        out.insert("date_closed".into(), format(at).into());
    }
    Value::Object(out)
}
