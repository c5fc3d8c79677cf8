//! `/api/v1/pairings` and re-assigning a side: two people paired behind the business's numbers.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{
    FreeNumbers, NumberPool, PairingCheck, PairingCreated, PairingRequest, ParticipantView,
    PoolUsage, ReassignRequest,
};
use switchboard_core::{ConversationSid, ParticipantSid};

use super::openapi::{Conflict, Invalid, NotFound, Upstream};
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::{Json, Query, SidPath};
use crate::pairing;
use crate::state::AppState;

/// What pairing these two people would do, without doing it: addresses, proxies and conflicts.
#[utoipa::path(
    post,
    path = "/api/v1/pairings/check",
    tag = "pairings",
    request_body = PairingRequest,
    responses(
        (status = 200, body = PairingCheck),
        Invalid, Upstream,
    )
)]
pub async fn pairings_check(
    State(state): State<AppState>,
    _user: CurrentUser,
    Json(request): Json<PairingRequest>,
) -> Result<Json<PairingCheck>, AppError> {
    Ok(Json(pairing::check(&state, &request).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/pairings",
    tag = "pairings",
    request_body = PairingRequest,
    responses(
        (status = 201, body = PairingCreated),
        Conflict, Invalid, Upstream,
    )
)]
pub async fn pairings_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<PairingRequest>,
) -> Result<(StatusCode, Json<PairingCreated>), AppError> {
    user.require(Role::Operator)?;
    let result = pairing::create(&state, &request).await;
    let target = result.as_ref().ok().map(|c| c.conversation_sid.clone());
    let detail = json!({
        "friendly_name": request.friendly_name,
        "reference": request.reference,
        "channels": request.sides.iter().map(|s| s.channel).collect::<Vec<_>>(),
        "proxies": result.as_ref().ok().map(|c| c.proxies.clone()),
    });
    state
        .audit
        .record(
            &user,
            "pairing.create",
            target.as_deref(),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|created| (StatusCode::CREATED, Json(created)))
}

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/participants/{participant}/reassign",
    tag = "pairings",
    params(
        ("sid" = String, Path, description = "Conversation SID (CH…)"),
        ("participant" = String, Path, description = "The participant SID (MB…) to replace"),
    ),
    request_body = ReassignRequest,
    responses(
        (status = 200, body = ParticipantView),
        NotFound, Conflict, Invalid, Upstream,
    )
)]
pub async fn participants_reassign(
    State(state): State<AppState>,
    user: CurrentUser,
    SidPath((sid, participant)): SidPath<(ConversationSid, ParticipantSid)>,
    Json(request): Json<ReassignRequest>,
) -> Result<Json<ParticipantView>, AppError> {
    user.require(Role::Operator)?;
    let result = pairing::reassign(&state, &sid, &participant, &request.side).await;
    let detail =
        json!({ "replaced": participant, "by": result.as_ref().ok().map(|p| p.sid.clone()) });
    state
        .audit
        .record(
            &user,
            "participant.reassign",
            Some(sid.as_str()),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(Json)
}

/// The business numbers pairings can use.
#[utoipa::path(
    get,
    path = "/api/v1/numbers",
    tag = "pairings",
    responses(
        (status = 200, body = NumberPool),
        Upstream,
    )
)]
pub async fn numbers_list(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<NumberPool>, AppError> {
    Ok(Json(state.numbers.pool(&state.twilio).await?))
}

/// Each business number with the open pairings and people it carries now, from the account mirror.
#[utoipa::path(
    get,
    path = "/api/v1/numbers/usage",
    tag = "pairings",
    responses(
        (status = 200, body = PoolUsage),
        Upstream,
    )
)]
pub async fn numbers_usage(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<PoolUsage>, AppError> {
    Ok(Json(crate::pool::usage(&state).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FreeQuery {
    /// The person's phone number as typed, e.g. `+34 600 000 001`.
    number: String,
}

/// For one person, each business number and whether it is free or the open conversation holding it.
#[utoipa::path(
    get,
    path = "/api/v1/numbers/free",
    tag = "pairings",
    params(FreeQuery),
    responses(
        (status = 200, body = FreeNumbers),
        Invalid, Upstream,
    )
)]
pub async fn numbers_free(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(query): Query<FreeQuery>,
) -> Result<Json<FreeNumbers>, AppError> {
    Ok(Json(crate::pool::free_for(&state, &query.number).await?))
}
