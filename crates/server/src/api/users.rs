//! Staff accounts, for admins: list, add, change role, disable.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{NewUser, Role, StaffUser, UserList, UserUpdate};

use super::openapi::{Conflict, Invalid, NotFound};
use crate::audit::Outcome;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Path};
use crate::staff;
use crate::state::AppState;
use switchboard_core::api::ErrorBody;

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "users",
    responses(
        (status = 200, body = UserList),
    )
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
    responses(
        (status = 201, body = StaffUser),
        Conflict, Invalid,
    )
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
    responses(
        (status = 200, body = StaffUser),
        (status = 409, description = "It would leave no enabled admin", body = ErrorBody),
        NotFound, Invalid,
    )
)]
pub async fn users_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(update): Json<UserUpdate>,
) -> Result<Json<StaffUser>, AppError> {
    user.require(Role::Admin)?;
    let found = staff::find(&state.db, id).await;
    let target = found
        .as_ref()
        .map_or_else(|_| id.to_string(), |found| found.username.clone());
    let result = match found {
        Ok(_) => staff::update(&state.db, id, update.role, update.disabled).await,
        Err(error) => Err(error),
    };
    state.auth.sessions.forget_all();
    state
        .audit
        .record(
            &user,
            "user.update",
            Some(&target),
            Outcome::of(&result),
            json!(update),
        )
        .await;
    Ok(Json(result?))
}
