//! Signing in and out, the current session, changing one's password, and first-run setup.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde_json::json;
use switchboard_core::api::{LoginRequest, PasswordChange, SessionInfo, SetupRequest, StaffUser};

use super::openapi::Invalid;
use crate::audit::Outcome;
use crate::auth::sessions::{self, Session};
use crate::auth::{CurrentUser, sign_in};
use crate::error::{AppError, Refusal};
use crate::extract::Json;
use crate::staff;
use crate::state::AppState;
use switchboard_core::api::ErrorBody;

/// The address a request came from (the proxy's, behind a reverse proxy).
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientIp(ip))
    }
}

async fn signed_in(
    state: &AppState,
    user: StaffUser,
    status: StatusCode,
) -> Result<impl IntoResponse + use<>, AppError> {
    let session = sessions::create(&state.db, user.id).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        sessions::cookie(&session.token, state.auth.secure_cookie),
    );
    let info = SessionInfo {
        user,
        csrf_token: session.csrf_token,
    };
    Ok((status, headers, Json(info)))
}

#[utoipa::path(
    get,
    path = "/api/v1/session",
    tag = "session",
    responses(
        (status = 200, body = SessionInfo),
    )
)]
pub async fn session_get(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SessionInfo>, AppError> {
    Ok(Json(SessionInfo {
        user: staff::find(&state.db, session.user.id).await?,
        csrf_token: session.csrf_token,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    request_body = LoginRequest,
    security(()),
    responses(
        (status = 200, body = SessionInfo),
        (status = 401, description = "Wrong name or password", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins", body = ErrorBody),
        Invalid,
    )
)]
pub async fn session_create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(login): Json<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    let username = login.username.trim();
    let checked = sign_in::check(&state, username, login.password, ip).await?;
    let (user_id, outcome) = match &checked {
        Ok(user) => (Some(user.id), Outcome::Ok),
        Err(refused) => (refused.user_id, Outcome::refused(&refused.sentence)),
    };
    let name = checked
        .as_ref()
        .map_or(username, |user| user.username.as_str());
    state
        .audit
        .record_as(
            user_id,
            name,
            "session.create",
            None,
            outcome,
            json!({ "ip": ip.to_string() }),
        )
        .await;
    match checked {
        Ok(user) => signed_in(&state, user, StatusCode::OK).await,
        Err(refused) => Err(AppError::Said(Refusal::SignInRefused, refused.sentence)),
    }
}

#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    responses(
        (status = 204, description = "Signed out"),
    )
)]
pub async fn session_delete(
    State(state): State<AppState>,
    session: Session,
) -> Result<impl IntoResponse, AppError> {
    sessions::end(&state.db, &session.token_hash).await?;
    state.auth.sessions.forget_all();
    state
        .audit
        .record(
            &session.user,
            "session.delete",
            None,
            Outcome::Ok,
            json!({}),
        )
        .await;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            sessions::removal_cookie(state.auth.secure_cookie),
        )],
    ))
}

/// Ends every session of the person, this one included: they sign in again with the new password.
#[utoipa::path(
    post,
    path = "/api/v1/session/password",
    tag = "session",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; other sessions end"),
        Invalid,
    )
)]
pub async fn password_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(change): Json<PasswordChange>,
) -> Result<impl IntoResponse, AppError> {
    let result = sign_in::change_password(&state, &user, change).await;
    let target = Some(user.username.as_str());
    state
        .audit
        .record(
            &user,
            "session.password",
            target,
            Outcome::of(&result),
            json!({}),
        )
        .await;
    result?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            sessions::removal_cookie(state.auth.secure_cookie),
        )],
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/setup",
    tag = "session",
    request_body = SetupRequest,
    security(()),
    responses(
        (status = 201, body = SessionInfo),
        (status = 403, description = "The setup token is wrong", body = ErrorBody),
        (status = 409, description = "Setup is already done", body = ErrorBody),
        Invalid,
    )
)]
pub async fn setup_create(
    State(state): State<AppState>,
    Json(setup): Json<SetupRequest>,
) -> Result<impl IntoResponse, AppError> {
    let username = setup.username.trim().to_owned();
    let result = sign_in::first_admin(&state, &setup).await;
    let (actor_id, outcome) = match &result {
        Ok(user) => (Some(user.id), Outcome::Ok),
        Err(error) => (None, Outcome::failed(error)),
    };
    state
        .audit
        .record_as(
            actor_id,
            &username,
            "setup.create",
            Some(&username),
            outcome,
            json!({ "role": "admin" }),
        )
        .await;
    signed_in(&state, result?, StatusCode::CREATED).await
}
