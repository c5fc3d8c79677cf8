//! The rules behind `/api/v1/session` and `/api/v1/setup`: a sign-in checked against the throttle
//! and the stored hash, a password change, and the first admin made with the setup token.

use std::net::IpAddr;

use switchboard_core::api::{PasswordChange, Role, SetupRequest, StaffUser};

use super::{CurrentUser, password};
use crate::error::{AppError, Sentence, said};
use crate::staff;
use crate::state::AppState;

/// A sign-in refused: the account, when one has that name, and why in words.
pub struct Refused {
    pub user_id: Option<i64>,
    pub sentence: Sentence,
}

/// The account, when `username` and `password` match an enabled one. The attempt counts against
/// the throttle as it starts; the outer error is a throttled or failed check, not a refusal.
pub async fn check(
    state: &AppState,
    username: &str,
    offered: String,
    ip: IpAddr,
) -> Result<Result<StaffUser, Refused>, AppError> {
    state
        .auth
        .throttle
        .attempt(&state.db, username, ip)
        .await?
        .map_err(AppError::Throttled)?;
    let (user, hash) = match staff::credentials(&state.db, username).await? {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let password_ok = password::verify(offered, hash).await;
    Ok(match user {
        Some(user) if password_ok && !user.disabled => {
            state
                .auth
                .throttle
                .succeeded(&state.db, username, ip)
                .await?;
            Ok(user)
        }
        user => Err(Refused {
            sentence: match &user {
                Some(user) if password_ok && user.disabled => said!(sign_in_disabled),
                _ => said!(sign_in_wrong),
            },
            user_id: user.map(|u| u.id),
        }),
    })
}

/// Sets the new password when the current one is right; every session of the person ends.
pub async fn change_password(
    state: &AppState,
    user: &CurrentUser,
    change: PasswordChange,
) -> Result<(), AppError> {
    let stored = staff::credentials(&state.db, &user.username)
        .await?
        .map(|(_, hash)| hash);
    if !password::verify(change.current_password, stored).await {
        return Err(AppError::invalid(said!(password_wrong)));
    }
    let changed = staff::set_password(&state.db, user.id, &change.new_password).await;
    state.auth.sessions.forget_all();
    changed
}

/// The first admin, while no account exists and only with the token the server printed; the
/// token then stops working.
pub async fn first_admin(state: &AppState, setup: &SetupRequest) -> Result<StaffUser, AppError> {
    if !state.auth.setup.is_open() || staff::count(&state.db).await? > 0 {
        return Err(AppError::conflict(said!(setup_done)));
    }
    if !state.auth.setup.accepts(setup.token.trim()) {
        return Err(AppError::forbidden(said!(setup_link_invalid)));
    }
    let user = staff::create(
        &state.db,
        setup.username.trim(),
        &setup.password,
        Role::Admin,
    )
    .await?;
    state.auth.setup.close();
    Ok(user)
}
