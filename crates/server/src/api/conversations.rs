//! `/api/v1/conversations`: the list and its searches, one conversation, closing and deleting.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{
    BulkEndProgress, BulkEndRequest, ConversationDetail, ConversationPage, Ending, ExtendRequest,
    ListSource, Transcript,
};

use super::openapi::{Conflict, Invalid, NotFound, Upstream};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::bulk_end;
use crate::conversations::filters::{self, Filters, Position, Sort};
use crate::conversations::{self, Cursor, Search, mirrored, transcript};
use crate::error::{AppError, said};
use crate::extract::{Json, Path, Query, SidPath, parse_query};
use crate::state::AppState;
use crate::views;

#[derive(Deserialize)]
pub struct ListQuery {
    state: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    channel: Option<String>,
    number: Option<String>,
    window: Option<String>,
    failed: Option<String>,
    page: Option<String>,
    page_size: Option<u32>,
}

impl ListQuery {
    fn filters(&self) -> Result<Filters, AppError> {
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Ok(Filters {
            text: given(&self.q).map(|q| filters::needle(&q)),
            state: given(&self.state)
                .map(|s| conversations::parse_state(&s).map(str::to_owned))
                .transpose()?,
            channel: given(&self.channel)
                .map(|c| filters::channel(&c))
                .transpose()?,
            number: given(&self.number)
                .map(|n| filters::number(&n))
                .transpose()?,
            window_open: given(&self.window)
                .map(|w| filters::window(&w))
                .transpose()?,
            failed: given(&self.failed)
                .map(|f| filters::failed(&f))
                .transpose()?,
        })
    }
}

/// Served from the account mirror once its first walk and events hook are done (`source` says
/// `mirror`): every filter, both sorts, counts, keyset pages. Before that Twilio answers (`source`
/// says `twilio` or `filling`): newest first, a phone search finds any conversation and a text
/// search the 1,000 newest; `sort` is then ignored and the mirror-only filters are refused.
#[utoipa::path(
    get,
    path = "/api/v1/conversations",
    tag = "conversations",
    params(
        ("q" = Option<String>, Query, description = "Any part of a name, unique name, reference, person's name or phone number (with or without whatsapp: and spaces), ignoring case"),
        ("state" = Option<String>, Query, description = "active, inactive or closed"),
        ("sort" = Option<String>, Query, description = "activity (newest activity first, the default) or created (newest first); mirror only"),
        ("channel" = Option<String>, Query, description = "sms, whatsapp or mixed (people on both); mirror only"),
        ("number" = Option<String>, Query, description = "A business number (with or without whatsapp:) one of the people talks to; mirror only"),
        ("window" = Option<String>, Query, description = "open or closed: a WhatsApp person's 24-hour window now (the earliest to close); mirror only"),
        ("failed" = Option<String>, Query, description = "true: only conversations with a failed delivery not since followed by a delivered one; false: only those without; mirror only"),
        ("page" = Option<String>, Query, description = "The next_page cursor of the previous answer (same sort)"),
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
    let filters = query.filters()?;
    let sort = Sort::parse(query.sort.as_deref().map(str::trim))?;
    let size = conversations::page_size(query.page_size)?;
    let source = conversations::list_source(&state.db).await?;
    if source == ListSource::Mirror {
        let request = mirrored::Request {
            after: query
                .page
                .as_deref()
                .map(|cursor| Position::parse(cursor, sort))
                .transpose()?,
            filters,
            sort,
            page_size: size,
            now_ms: now_ms(&state),
        };
        let mut page = mirrored::page(&state.db, &request).await?;
        page.now = Some(views::rfc3339(state.clock.now()));
        return Ok(Json(page));
    }
    if let Some(filter) = filters.needs_mirror() {
        return Err(AppError::invalid(match source {
            ListSource::Filling { done } => {
                said!(filter_needs_filling_mirror, filter = filter, done = done)
            }
            _ => said!(filter_needs_mirror, filter = filter),
        }));
    }
    let state_filter = filters.state.as_deref();
    let search = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let mut page = match search {
        Some(q) => conversations::search(&state, Search::parse(q)?, state_filter).await?,
        None => {
            let position = query.page.as_deref().map(Cursor::parse).transpose()?;
            conversations::page(&state, state_filter, size, position).await?
        }
    };
    page.source = source;
    page.now = Some(views::rfc3339(state.clock.now()));
    Ok(Json(page))
}

fn now_ms(state: &AppState) -> i64 {
    (state.clock.now().unix_timestamp_nanos() / 1_000_000) as i64
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
    post,
    path = "/api/v1/bulk-ends",
    tag = "conversations",
    request_body = BulkEndRequest,
    responses(
        (status = 202, body = BulkEndProgress, description = "Stored; the conversations are being ended"),
        Invalid,
    )
)]
pub async fn bulk_ends_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<BulkEndRequest>,
) -> Result<(StatusCode, Json<BulkEndProgress>), AppError> {
    user.require(Role::Operator)?;
    let result = match selection(request) {
        Ok(selection) => bulk_end::start(&state, selection, &user.username).await,
        Err(error) => Err(error),
    };
    let detail = json!({ "conversations": result.as_ref().ok().map(|p| p.total) });
    let target = result.as_ref().ok().map(|p| p.id.to_string());
    state
        .audit
        .record(
            &user,
            "bulk_end.start",
            target.as_deref(),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|progress| (StatusCode::ACCEPTED, Json(progress)))
}

/// The chosen SIDs, or the list's query read with the list's own filters.
fn selection(request: BulkEndRequest) -> Result<bulk_end::Selection, AppError> {
    match (request.sids.is_empty(), request.matching) {
        (false, None) => Ok(bulk_end::Selection::Chosen(request.sids)),
        (true, Some(query)) => {
            let query: ListQuery = parse_query(query.trim_start_matches('?'))?;
            Ok(bulk_end::Selection::Matching(query.filters()?))
        }
        _ => Err(AppError::invalid(said!(bulk_sids_or_matching))),
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/bulk-ends/{id}",
    tag = "conversations",
    params(("id" = i64, Path, description = "The bulk end's id")),
    responses(
        (status = 200, body = BulkEndProgress),
        NotFound,
    )
)]
pub async fn bulk_ends_get(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<BulkEndProgress>, AppError> {
    Ok(Json(bulk_end::progress(&state.db, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TranscriptQuery {
    /// `json` (the default) or `csv`.
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/conversations/{sid}/transcript",
    tag = "conversations",
    params(("sid" = String, Path, description = "Conversation SID (CH…)"), TranscriptQuery),
    responses(
        (status = 200, body = Transcript, description = "Every message with each recipient's delivery outcome, as a file to keep (`text/csv` with `format=csv`)"),
        NotFound, Invalid, Upstream,
    )
)]
pub async fn conversations_transcript(
    State(state): State<AppState>,
    _user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
    Query(query): Query<TranscriptQuery>,
) -> Result<Response, AppError> {
    let csv = match query.format.as_deref().map(str::trim) {
        None | Some("" | "json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(AppError::invalid(said!(transcript_format, format = other)));
        }
    };
    let found = transcript::read(&state, &sid).await?;
    let (body, kind, extension) = if csv {
        (transcript::csv(&found)?, "text/csv; charset=utf-8", "csv")
    } else {
        let json = serde_json::to_string_pretty(&found).expect("plain data");
        (json, "application/json", "json")
    };
    let file = format!(
        "attachment; filename=\"transcript-{sid}.{extension}\"",
        sid = sid.as_str()
    );
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, file),
        ],
        body,
    )
        .into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/extend",
    tag = "conversations",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    request_body = ExtendRequest,
    responses(
        (status = 200, body = Ending, description = "Its close moved later; when it now becomes inactive and closes"),
        NotFound, Conflict, Invalid, Upstream,
    )
)]
pub async fn conversations_extend(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath(sid): SidPath<ConversationSid>,
    Json(request): Json<ExtendRequest>,
) -> Result<Json<Ending>, AppError> {
    user.require(Role::Operator)?;
    let result = crate::pairing::ending::extend(&state, &sid, request.minutes).await;
    let detail = json!({
        "minutes": request.minutes,
        "closes_at": result.as_ref().ok().and_then(|e| e.closes_at.clone()),
    });
    state
        .audit
        .record(
            &user,
            "conversation.extend",
            Some(sid.as_str()),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(Json)
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
