//! Who is asking: staff sessions, roles, sign-in throttling and the first-run setup token.

pub mod password;
pub mod sessions;
pub mod setup;
pub mod sign_in;
pub mod throttle;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
pub use switchboard_core::api::Role;

use crate::error::{AppError, said};
use crate::state::AppState;

/// The signed-in member of staff. As a handler argument it refuses the request with 401 when there
/// is no valid session, and a change (any method but GET/HEAD/OPTIONS) without the session's CSRF
/// token with 403.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
}

impl CurrentUser {
    /// Refuses, with a 403 sentence, anyone whose role is below `needed`.
    pub fn require(&self, needed: Role) -> Result<(), AppError> {
        if self.role >= needed {
            return Ok(());
        }
        Err(AppError::forbidden(said!(
            needs_role,
            needed = needed.as_str(),
            username = &self.username,
            role = self.role.as_str()
        )))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(session) = parts.extensions.get::<sessions::Session>() {
            return Ok(session.user.clone());
        }
        Ok(sessions::Session::from_request_parts(parts, state)
            .await?
            .user)
    }
}

/// Layer for every route that needs a session: checks it once and leaves it for the handler.
pub async fn require_session(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let (mut parts, body) = request.into_parts();
    let session = sessions::Session::from_request_parts(&mut parts, &state).await?;
    parts.extensions.insert(session);
    Ok(next.run(Request::from_parts(parts, body)).await)
}

/// Layer for routes only `role` and above may call: anyone below is refused before the body is
/// read, so every kind of request gets the same 403 whatever it sends.
pub async fn at_least(
    State(role): State<Role>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let session = request
        .extensions()
        .get::<sessions::Session>()
        .ok_or(AppError::Unauthenticated)?;
    session.user.require(role)?;
    Ok(next.run(request).await)
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Sign-in settings and state shared by every request.
pub struct AuthState {
    /// Mark the session cookie `Secure` (the public URL is https).
    pub secure_cookie: bool,
    pub throttle: throttle::Throttle,
    pub setup: setup::SetupGate,
    pub sessions: sessions::SessionCache,
}
