//! The account mirror's calls: its status and a new walk, the account's post-event configuration
//! and connecting it (admins), and what needs attention.

use gloo_net::http::Request;
use switchboard_core::api::{AccountEvents, Attention, ConnectEvents, MirrorStatus};

use super::{ApiError, failure, get_json, send, send_json, to_json, with_csrf};

pub async fn mirror_status() -> Result<MirrorStatus, ApiError> {
    get_json("/api/v1/mirror").await
}

/// Starts the first walk of the account again; its progress arrives as events.
pub async fn walk_again() -> Result<(), ApiError> {
    answered(send(with_csrf(Request::post("/api/v1/mirror/walk"))).await?).await
}

pub async fn account_events() -> Result<AccountEvents, ApiError> {
    get_json("/api/v1/account-events").await
}

/// Points the account's post-event webhook at this server, replacing `replacing` (the URL the
/// admin was shown); refused with a sentence when another URL was set meanwhile.
pub async fn connect_events(replacing: Option<String>) -> Result<(), ApiError> {
    let body = to_json(&ConnectEvents { replacing })?;
    let request = with_csrf(Request::post("/api/v1/account-events/connect"));
    answered(send_json(request, body)?.await?).await
}

pub async fn attention() -> Result<Attention, ApiError> {
    get_json("/api/v1/attention").await
}

/// Any 2xx is success, whatever its body; the page reads the resource again.
async fn answered(response: gloo_net::http::Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}
