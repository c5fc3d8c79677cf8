//! All HTTP the UI makes: typed calls to the server's `/api/v1`, each aborted if its view goes away.

use std::fmt;

use gloo_net::http::{Request, Response};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use switchboard_core::api::{ConversationPage, ErrorBody, ServerInfo};

use crate::i18n::t;

/// A failed call, as a sentence the operator can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub message: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

pub async fn server_info() -> Result<ServerInfo, ApiError> {
    get_json("/api/v1/info").await
}

pub async fn conversations() -> Result<ConversationPage, ApiError> {
    get_json("/api/v1/conversations").await
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    let response = Request::get(path)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|_| ApiError {
            message: t().server_unreachable.to_owned(),
        })?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json().await.map_err(|_| ApiError {
            message: t().server_error.to_owned(),
        });
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError {
            message: body.message,
        }),
        Err(_) => Err(ApiError {
            message: t().server_error.to_owned(),
        }),
    }
}
