//! Staff accounts, for admins: list, add, change role, disable.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{NewUser, Role, StaffUser, UserList, UserUpdate};

use crate::audit::Outcome;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Path};
use crate::staff;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    responses((status = 200, body = UserList), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody))
)]
pub async fn users_list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<UserList>, AppError> {
    user.require(Role::Admin)?;
    Ok(Json(UserList {
        users: staff::list(&state.db).await?,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "users",
    request_body = NewUser,
    responses((status = 201, body = StaffUser), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 409, description = "Conflicts with what exists; the message says what to do", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody))
)]
pub async fn users_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(new): Json<NewUser>,
) -> Result<(StatusCode, Json<StaffUser>), AppError> {
    user.require(Role::Admin)?;
    let username = new.username.trim();
    let result = staff::create(&state.db, username, &new.password, new.role).await;
    state
        .audit
        .record(
            &user,
            "user.create",
            Some(username),
            Outcome::of(&result),
            json!({ "role": new.role }),
        )
        .await;
    Ok((StatusCode::CREATED, Json(result?)))
}

#[utoipa::path(
    patch,
    path = "/api/v1/users/{id}",
    tag = "users",
    params(("id" = i64, Path, description = "The user's id")),
    request_body = UserUpdate,
    responses((status = 200, body = StaffUser), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 409, description = "It would leave no enabled admin", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody))
)]
pub async fn users_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(update): Json<UserUpdate>,
) -> Result<Json<StaffUser>, AppError> {
    user.require(Role::Admin)?;
    let target = staff::find(&state.db, id).await?;
    let result = staff::update(&state.db, id, update.role, update.disabled).await;
    state.auth.sessions.forget_all();
    state
        .audit
        .record(
            &user,
            "user.update",
            Some(&target.username),
            Outcome::of(&result),
            json!(update),
        )
        .await;
    Ok(Json(result?))
}
