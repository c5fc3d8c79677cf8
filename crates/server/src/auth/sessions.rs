//! Server-side sessions: a random token in an `HttpOnly`, `SameSite=Strict` cookie, only its hash in
//! the database, and a per-session CSRF token the UI sends back in a header with every change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{CurrentUser, Role, same_secret};
use crate::db::{Db, now};
use crate::error::AppError;
use crate::state::AppState;

pub const COOKIE: &str = "switchboard_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A session ends after this long without use…
pub const IDLE_SECONDS: i64 = 12 * 60 * 60;
/// …and in any case this long after sign-in.
pub const MAX_SECONDS: i64 = 7 * 24 * 60 * 60;

/// A valid session, found from the request's cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: CurrentUser,
    pub token_hash: String,
    pub csrf_token: String,
}

/// Sessions checked in the last moment, so that a page's burst of API calls reads the database once
/// rather than once per call. An entry is trusted for `CACHE_FOR` at most (the bound on how late a
/// change made by another process, such as `switchboard user disable`, takes effect), and every
/// sign-out, password or account change made through this server forgets them all at once.
#[derive(Debug, Clone, Default)]
pub struct SessionCache(Arc<Mutex<HashMap<String, Cached>>>);

const CACHE_FOR: Duration = Duration::from_secs(2);
/// Past this many entries, expired ones are swept out on the next insert.
const CACHE_SWEEP_AT: usize = 1024;

#[derive(Debug, Clone)]
struct Cached {
    record: Record,
    /// When the record was read from the database (not when it was last used).
    checked: Instant,
}

impl SessionCache {
    fn get(&self, token_hash: &str) -> Option<Cached> {
        let map = self.0.lock().expect("session cache lock");
        map.get(token_hash)
            .filter(|c| c.checked.elapsed() < CACHE_FOR)
            .cloned()
    }

    /// Keeps `cached` until 2 s after its record was read from the database, however often it is
    /// used or renewed in between, so a change made elsewhere is seen within those 2 s.
    fn put(&self, token_hash: &str, cached: Cached) {
        let mut map = self.0.lock().expect("session cache lock");
        if map.len() >= CACHE_SWEEP_AT {
            map.retain(|_, c| c.checked.elapsed() < CACHE_FOR);
        }
        map.insert(token_hash.to_owned(), cached);
    }

    /// After any change to sessions or accounts: the next request of every session reads the database.
    pub fn forget_all(&self) {
        self.0.lock().expect("session cache lock").clear();
    }
}

/// A session's row joined with its account's.
#[derive(Debug, Clone)]
struct Record {
    user: CurrentUser,
    disabled: bool,
    csrf_token: String,
    created_at: i64,
    expires_at: i64,
}

async fn load(db: &Db, token_hash: &str) -> Result<Option<Record>, AppError> {
    let Some(row) = sqlx::query(
        "SELECT s.csrf_token, s.created_at, s.expires_at, u.id, u.username, u.role, \
         CASE WHEN u.disabled THEN 1 ELSE 0 END AS disabled \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let role: String = row.try_get("role")?;
    Ok(Some(Record {
        user: CurrentUser {
            id: row.try_get("id")?,
            username: row.try_get("username")?,
            role: Role::parse(&role)
                .ok_or_else(|| AppError::Internal(format!("unknown stored role {role}")))?,
        },
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        csrf_token: row.try_get("csrf_token")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
    }))
}

/// A new session's secrets: the cookie value (never stored) and the CSRF token.
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn create(db: &Db, user_id: i64) -> Result<NewSession, AppError> {
    let session = NewSession {
        token: random_token(),
        csrf_token: random_token(),
    };
    let now = now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&session.token))
    .bind(user_id)
    .bind(&session.csrf_token)
    .bind(now)
    .bind(now + IDLE_SECONDS)
    .execute(db)
    .await?;
    Ok(session)
}

pub async fn end(db: &Db, token_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Signs a person out everywhere (password change, disabled account).
pub async fn end_all_of(db: &Db, user_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value that starts a session in the browser.
pub fn cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={MAX_SECONDS}{secure}"
    ))
    .expect("a base64url token is a valid header value")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn removal_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
    ))
    .expect("a static header value")
}

fn token_from(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

fn changes_something(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(session) = parts.extensions.get::<Session>() {
            return Ok(session.clone());
        }
        let token = token_from(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let token_hash = hash_token(token);
        let cache = &state.auth.sessions;
        let Cached {
            mut record,
            checked,
        } = match cache.get(&token_hash) {
            Some(cached) => cached,
            None => {
                let checked = Instant::now();
                let record = load(&state.db, &token_hash).await?;
                let record = record.ok_or(AppError::Unauthenticated)?;
                Cached { record, checked }
            }
        };
        let now = now();
        if record.expires_at <= now || record.disabled {
            end(&state.db, &token_hash).await?;
            cache.forget_all();
            return Err(AppError::Unauthenticated);
        }
        if changes_something(&parts.method) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .map(|v| v.as_bytes())
                .unwrap_or_default();
            if !same_secret(sent, record.csrf_token.as_bytes()) {
                return Err(AppError::CrossSite);
            }
        }
        let renewed = (now + IDLE_SECONDS).min(record.created_at + MAX_SECONDS);
        if renewed - record.expires_at > 60 {
            sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
                .bind(renewed)
                .bind(&token_hash)
                .execute(&state.db)
                .await?;
            record.expires_at = renewed;
        }
        let cached = Cached {
            record: record.clone(),
            checked,
        };
        cache.put(&token_hash, cached);
        Ok(Session {
            user: record.user,
            token_hash,
            csrf_token: record.csrf_token,
        })
    }
}

/// Whether the session is still signed in: neither ended, expired nor of a disabled account. For
/// what outlives a request (an event stream); read like a request's check, at most 2 s late.
pub async fn still_valid(state: &AppState, token_hash: &str) -> Result<bool, AppError> {
    let record = match state.auth.sessions.get(token_hash) {
        Some(cached) => Some(cached.record),
        None => load(&state.db, token_hash).await?,
    };
    Ok(record.is_some_and(|r| r.expires_at > now() && !r.disabled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_token_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; switchboard_session=abc123; x=y"),
        );
        assert_eq!(token_from(&headers), Some("abc123"));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("switchboard_session="),
        );
        assert_eq!(token_from(&headers), None);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_only_over_https() {
        let plain = cookie("t", false);
        let plain = plain.to_str().unwrap();
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict"));
        assert!(!plain.contains("Secure"));
        assert!(cookie("t", true).to_str().unwrap().ends_with("; Secure"));
    }
}
