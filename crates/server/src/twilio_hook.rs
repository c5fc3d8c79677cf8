//! What every endpoint Twilio posts to does first: believe only a request signed with the auth
//! token over this exact public URL, and act once per `I-Twilio-Idempotency-Token`, whichever
//! instance a delivery lands on (the token is an insert that conflicts).

use axum::http::{HeaderMap, StatusCode, Uri};
use secrecy::ExposeSecret;
use switchboard_twilio::signature;

use crate::db::{Db, now};
use crate::error::AppError;
use crate::state::AppState;

/// A signed delivery's form fields, or the status to answer it with at once: 404 without an auth
/// token to check against, 400 for a body that is no form, 403 unsigned, 200 for a delivery
/// already acted on, 503 when the database cannot say.
pub async fn receive(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(String, String)>, StatusCode> {
    let Some(token) = &state.webhook_token else {
        return Err(StatusCode::NOT_FOUND);
    };
    let Ok(params) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) else {
        return Err(StatusCode::BAD_REQUEST);
    };
    let url = format!(
        "{}{}",
        state.public_base,
        uri.path_and_query().map_or(uri.path(), |pq| pq.as_str())
    );
    let signed = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|given| signature::verify(token.expose_secret(), &url, &params, given));
    if !signed {
        tracing::warn!("refused a webhook delivery without a valid X-Twilio-Signature");
        return Err(StatusCode::FORBIDDEN);
    }
    if let Some(token) = headers
        .get("i-twilio-idempotency-token")
        .and_then(|v| v.to_str().ok())
    {
        match first_delivery(&state.db, token).await {
            Ok(true) => {}
            Ok(false) => return Err(StatusCode::OK),
            Err(_) => return Err(StatusCode::SERVICE_UNAVAILABLE),
        }
    }
    Ok(params)
}

/// Notes a delivery's idempotency token; `false` when it was already noted (a retry or a copy).
pub async fn first_delivery(db: &Db, idempotency_token: &str) -> Result<bool, AppError> {
    let inserted = sqlx::query("INSERT INTO webhook_deliveries (idempotency_token, received_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(idempotency_token)
        .bind(now())
        .execute(db)
        .await?;
    Ok(inserted.rows_affected() == 1)
}

/// The value of the form field `name`, if present.
pub fn field<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
