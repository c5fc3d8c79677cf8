//! All HTTP the UI makes: typed calls to the server's `/api/v1`, each read aborted if its view goes
//! away. Changes go through `post_json`, `patch_json`, `put_json` and `delete`, which send the
//! session's CSRF token; any call answered "not signed in" goes to sign-in and comes back after.

use std::cell::RefCell;
use std::fmt;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;
use switchboard_core::api::{
    AuditPage, AuditQuery, ConversationPage, ErrorBody, LoginRequest, NewUser, ServerInfo,
    SessionInfo, SetupRequest, StaffUser, UserList, UserUpdate,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::t;

mod events;
mod imports;
mod languages;
mod mirror;
mod operations;
pub use events::*;
pub use imports::*;
pub use languages::*;
pub use mirror::*;
pub use operations::*;

/// A failed call, as a sentence the operator can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub message: String,
    /// The server's `ErrorBody.code`, empty when the server was not reached or not understood.
    pub code: String,
}

impl ApiError {
    fn said(message: &str) -> Self {
        ApiError {
            message: message.to_owned(),
            code: String::new(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

thread_local! {
    static CSRF_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn remember_session(session: &SessionInfo) {
    CSRF_TOKEN.with(|token| *token.borrow_mut() = Some(session.csrf_token.clone()));
}

fn forget_session() {
    CSRF_TOKEN.with(|token| *token.borrow_mut() = None);
    forget_early_gets();
}

/// Where index.html's inline script keeps the GETs it started while the wasm downloaded: a `Map`
/// from path to the `fetch()` promise.
const EARLY_GETS: &str = "switchboardEarly";

fn early_gets() -> Option<js_sys::Map> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(EARLY_GETS))
        .ok()?
        .dyn_into::<js_sys::Map>()
        .ok()
}

/// The early GET of `path`, taken at most once: later calls ask the server again.
fn take_early_get(path: &str) -> Option<js_sys::Promise> {
    let early = early_gets()?;
    let key = JsValue::from_str(path);
    let promise = early.get(&key).dyn_into::<js_sys::Promise>().ok()?;
    early.delete(&key);
    Some(promise)
}

/// Drops the early GETs not taken yet: once who is signed in changes, their answers no longer hold.
fn forget_early_gets() {
    if let Some(early) = early_gets() {
        early.clear();
    }
}

/// A GET of `path`: the answer index.html's script already asked for when there is one, else a new
/// request (also when that early one failed to reach the server).
async fn get(path: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Response, ApiError> {
    if let Some(early) = take_early_get(path)
        && let Ok(answer) = JsFuture::from(early).await
        && let Ok(answer) = answer.dyn_into::<web_sys::Response>()
    {
        return Ok(Response::from(answer));
    }
    send(Request::get(path).abort_signal(signal)).await
}

pub async fn server_info() -> Result<ServerInfo, ApiError> {
    get_json("/api/v1/info").await
}

/// The signed-in person, or `None` when nobody is (this call never leaves the page).
pub async fn current_session() -> Result<Option<SessionInfo>, ApiError> {
    let response = get("/api/v1/session", None).await?;
    if response.status() == 401 {
        forget_session();
        return Ok(None);
    }
    let session: SessionInfo = read(response).await?;
    remember_session(&session);
    Ok(Some(session))
}

pub async fn sign_in(username: String, password: String) -> Result<SessionInfo, ApiError> {
    let body = LoginRequest { username, password };
    let session: SessionInfo =
        read(send_json(Request::post("/api/v1/session"), to_json(&body)?)?.await?).await?;
    forget_early_gets();
    remember_session(&session);
    Ok(session)
}

pub async fn set_up(
    token: String,
    username: String,
    password: String,
) -> Result<SessionInfo, ApiError> {
    let body = SetupRequest {
        token,
        username,
        password,
    };
    let session: SessionInfo =
        read(send_json(Request::post("/api/v1/setup"), to_json(&body)?)?.await?).await?;
    forget_early_gets();
    remember_session(&session);
    Ok(session)
}

pub async fn sign_out() -> Result<(), ApiError> {
    let result = delete("/api/v1/session").await;
    forget_session();
    result
}

pub async fn conversations() -> Result<ConversationPage, ApiError> {
    get_json("/api/v1/conversations").await
}

pub async fn users() -> Result<UserList, ApiError> {
    get_json("/api/v1/users").await
}

pub async fn create_user(user: NewUser) -> Result<StaffUser, ApiError> {
    post_json("/api/v1/users", &user).await
}

pub async fn update_user(id: i64, update: UserUpdate) -> Result<StaffUser, ApiError> {
    patch_json(&format!("/api/v1/users/{id}"), &update).await
}

pub async fn audit(query: AuditQuery) -> Result<AuditPage, ApiError> {
    get_json(&format!(
        "/api/v1/audit{}",
        query_string(&audit_pairs(&query))
    ))
    .await
}

/// The audit filters as URL query pairs, in the order the audit page shows them.
pub fn audit_pairs(query: &AuditQuery) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    for (key, value) in [
        ("actor", &query.actor),
        ("action", &query.action),
        ("target", &query.target),
    ] {
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            pairs.push((key, value.clone()));
        }
    }
    if let Some(before) = query.before {
        pairs.push(("before", before.to_string()));
    }
    pairs
}

/// `?a=1&b=x%20y`, or nothing when there are no pairs.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", js_sys::encode_uri_component(value)))
        .collect();
    format!("?{}", encoded.join("&"))
}

/// GET with the view's lifetime: the request is aborted if the view is cleaned up first.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&get_text(path).await?)
}

/// The body of a GET answered with 2xx; the typed reading is left to the caller, so this (and the
/// request's future) exists once in the wasm rather than once per answer type.
async fn get_text(path: &str) -> Result<String, ApiError> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    read_text(get(path, signal.as_ref()).await?).await
}

pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    parse(&change_text(Request::post(path), to_json(body)?).await?)
}

pub async fn patch_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    parse(&change_text(Request::patch(path), to_json(body)?).await?)
}

pub async fn put_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    parse(&change_text(Request::put(path), to_json(body)?).await?)
}

/// Sends a change (with the CSRF token) whose body is `json`; the answer's body when it is 2xx.
async fn change_text(request: RequestBuilder, json: String) -> Result<String, ApiError> {
    read_text(send_json(with_csrf(request), json)?.await?).await
}

/// DELETE; any 2xx is success.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    let response = send(with_csrf(Request::delete(path))).await?;
    if response.ok() {
        return Ok(());
    }
    Err(failure(response).await)
}

fn with_csrf(request: RequestBuilder) -> RequestBuilder {
    match CSRF_TOKEN.with(|token| token.borrow().clone()) {
        Some(token) => request.header("X-CSRF-Token", &token),
        None => request,
    }
}

/// The body as JSON text (what gloo's `RequestBuilder::json` would send).
fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    encode(body).ok_or_else(|| ApiError::said(t().server_error))
}

/// `value` as JSON text, written by the browser's own `JSON.stringify`.
pub fn encode<T: Serialize>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// The request with `json` as its body and `Content-Type: application/json`, ready to send.
fn send_json(
    request: RequestBuilder,
    json: String,
) -> Result<impl Future<Output = Result<Response, ApiError>>, ApiError> {
    let request = request
        .header("Content-Type", "application/json")
        .body(Some(json.as_str()))
        .map_err(|_| ApiError::said(t().server_error))?;
    Ok(async move {
        request
            .send()
            .await
            .map_err(|_| ApiError::said(t().server_unreachable))
    })
}

async fn send(request: RequestBuilder) -> Result<Response, ApiError> {
    request
        .send()
        .await
        .map_err(|_| ApiError::said(t().server_unreachable))
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    parse(&read_text(response).await?)
}

/// A 2xx answer's body, or the failure it reports.
async fn read_text(response: Response) -> Result<String, ApiError> {
    if response.ok() {
        return response
            .text()
            .await
            .map_err(|_| ApiError::said(t().server_error));
    }
    Err(failure(response).await)
}

/// A 2xx answer's body read as `T`.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    decode(text).ok_or_else(|| ApiError::said(t().server_error))
}

/// JSON read by the browser's own parser, then into `T`: far less code in the wasm than a parser
/// of its own for every answer's type.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

async fn failure(response: Response) -> ApiError {
    let body = response.text().await.ok();
    let error = match body.as_deref().and_then(decode::<ErrorBody>) {
        Some(body) => ApiError {
            message: body
                .said
                .as_ref()
                .and_then(crate::i18n::refusal)
                .unwrap_or(body.message),
            code: body.code,
        },
        None => ApiError::said(t().server_error),
    };
    if error.code == "unauthenticated" {
        forget_session();
        go_to_sign_in();
    }
    error
}

/// The session ended: sign in again, then come back to this page.
fn go_to_sign_in() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    if path == "/sign-in" || path == "/setup" {
        return;
    }
    let here = format!("{path}{}", location.search().unwrap_or_default());
    let _ = location.set_href(&format!(
        "/sign-in?next={}",
        js_sys::encode_uri_component(&here)
    ));
}

/// Where to go after signing in: `next` when it is a path of this site, else the conversations.
pub fn after_sign_in(next: Option<String>) -> String {
    match next {
        Some(next)
            if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") =>
        {
            next
        }
        _ => "/conversations".to_owned(),
    }
}
