//! The operator's calls: conversations, pairings, messages, templates, webhooks, the opt-in and,
//! on the sandbox, the simulated phones.

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use switchboard_core::api::{
    BulkEndProgress, BulkEndRequest, ConversationDetail, ConversationPage, Ending, ExtendRequest,
    FreeNumbers, MessageView, NumberPool, OptInRequest, OptInStatus, PairingCheck, PairingCreated,
    PairingRequest, ParticipantView, PoolUsage, ReassignRequest, SendMessage, Settings,
    TemplateView, WebhookRequest, WebhookView,
};

use super::{
    ApiError, delete, failure, get_json, post_json, put_json, query_string, send_json, to_json,
    with_csrf,
};
use crate::format::note_server_now;

/// The conversations list's filters: also the page's URL query, so a view can be shared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub q: String,
    pub state: String,
    /// `activity` (the server's default) or `created`.
    pub sort: String,
    /// `sms`, `whatsapp` or `mixed`.
    pub channel: String,
    /// A business number the conversation talks through.
    pub number: String,
    /// `open` or `closed`: someone's WhatsApp window.
    pub window: String,
    /// `true`: only conversations with a failed delivery.
    pub failed: String,
    pub page: String,
}

impl ListFilter {
    /// The non-empty filters as query pairs, in a stable order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("q", &self.q),
            ("state", &self.state),
            ("channel", &self.channel),
            ("number", &self.number),
            ("window", &self.window),
            ("failed", &self.failed),
            ("sort", &self.sort),
            ("page", &self.page),
        ]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| (key, value.trim().to_owned()))
        .collect()
    }

    /// The same view on its first page, showing conversations in `state` (all when empty).
    pub fn in_state(&self, state: &str) -> ListFilter {
        ListFilter {
            state: state.to_owned(),
            page: String::new(),
            ..self.clone()
        }
    }

    /// Whether anything but the sort and the page narrows the list.
    pub fn narrows(&self) -> bool {
        [
            &self.q,
            &self.state,
            &self.channel,
            &self.number,
            &self.window,
            &self.failed,
        ]
        .iter()
        .any(|value| !value.trim().is_empty())
    }
}

pub async fn conversation_page(filter: ListFilter) -> Result<ConversationPage, ApiError> {
    let page: ConversationPage = get_json(&format!(
        "/api/v1/conversations{}",
        query_string(&filter.pairs())
    ))
    .await?;
    note_server_now(page.now.as_deref());
    Ok(page)
}

pub async fn conversation(sid: String) -> Result<ConversationDetail, ApiError> {
    let detail: ConversationDetail =
        get_json(&format!("/api/v1/conversations/{}", segment(&sid))).await?;
    note_server_now(detail.now.as_deref());
    Ok(detail)
}

/// Where the browser downloads the conversation's transcript, `format` `csv` or `json`.
pub fn transcript_url(sid: &str, format: &str) -> String {
    format!(
        "/api/v1/conversations/{}/transcript{}",
        segment(sid),
        query_string(&[("format", format.to_owned())])
    )
}

/// Moves the conversation's close `minutes` later.
pub async fn extend_conversation(sid: String, minutes: u32) -> Result<Ending, ApiError> {
    post_json(
        &format!("/api/v1/conversations/{}/extend", segment(&sid)),
        &ExtendRequest { minutes },
    )
    .await
}

pub async fn start_bulk_end(request: BulkEndRequest) -> Result<BulkEndProgress, ApiError> {
    post_json("/api/v1/bulk-ends", &request).await
}

pub async fn bulk_end(id: i64) -> Result<BulkEndProgress, ApiError> {
    get_json(&format!("/api/v1/bulk-ends/{id}")).await
}

pub async fn pool_usage() -> Result<PoolUsage, ApiError> {
    get_json("/api/v1/numbers/usage").await
}

/// Which business numbers are free for the person at `number`.
pub async fn free_numbers(number: String) -> Result<FreeNumbers, ApiError> {
    get_json(&format!(
        "/api/v1/numbers/free{}",
        query_string(&[("number", number)])
    ))
    .await
}

pub async fn settings() -> Result<Settings, ApiError> {
    get_json("/api/v1/settings").await
}

pub async fn save_settings(settings: Settings) -> Result<Settings, ApiError> {
    put_json("/api/v1/settings", &settings).await
}

pub async fn close_conversation(sid: String) -> Result<(), ApiError> {
    post_empty(&format!("/api/v1/conversations/{}/close", segment(&sid))).await
}

pub async fn delete_conversation(sid: String) -> Result<(), ApiError> {
    delete(&format!("/api/v1/conversations/{}", segment(&sid))).await
}

pub async fn send_message(sid: String, message: SendMessage) -> Result<MessageView, ApiError> {
    post_json(
        &format!("/api/v1/conversations/{}/messages", segment(&sid)),
        &message,
    )
    .await
}

pub async fn reassign(
    sid: String,
    participant: String,
    request: ReassignRequest,
) -> Result<ParticipantView, ApiError> {
    post_json(
        &format!(
            "/api/v1/conversations/{}/participants/{}/reassign",
            segment(&sid),
            segment(&participant)
        ),
        &request,
    )
    .await
}

pub async fn create_webhook(sid: String, webhook: WebhookRequest) -> Result<WebhookView, ApiError> {
    post_json(
        &format!("/api/v1/conversations/{}/webhooks", segment(&sid)),
        &webhook,
    )
    .await
}

/// Changes a registered webhook: `edit` is its SID and what it becomes.
pub async fn update_webhook(
    sid: String,
    edit: (String, WebhookRequest),
) -> Result<WebhookView, ApiError> {
    put_json(
        &format!(
            "/api/v1/conversations/{}/webhooks/{}",
            segment(&sid),
            segment(&edit.0)
        ),
        &edit.1,
    )
    .await
}

pub async fn delete_webhook(sid: String, webhook: String) -> Result<(), ApiError> {
    delete(&format!(
        "/api/v1/conversations/{}/webhooks/{}",
        segment(&sid),
        segment(&webhook)
    ))
    .await
}

pub async fn start_opt_in(sid: String, request: OptInRequest) -> Result<OptInStatus, ApiError> {
    post_json(
        &format!("/api/v1/conversations/{}/opt-in", segment(&sid)),
        &request,
    )
    .await
}

pub async fn check_pairing(request: PairingRequest) -> Result<PairingCheck, ApiError> {
    post_json("/api/v1/pairings/check", &request).await
}

pub async fn create_pairing(request: PairingRequest) -> Result<PairingCreated, ApiError> {
    post_json("/api/v1/pairings", &request).await
}

pub async fn numbers() -> Result<NumberPool, ApiError> {
    get_json("/api/v1/numbers").await
}

pub async fn templates() -> Result<Vec<TemplateView>, ApiError> {
    get_json("/api/v1/templates").await
}

/// A simulated handset of the sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Phone {
    pub address: String,
    pub last_activity: Option<String>,
}

#[derive(Deserialize)]
struct Phones {
    phones: Vec<Phone>,
}

/// One message a handset received or sent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PhoneMessage {
    pub sid: String,
    /// `received` or `sent`.
    pub direction: String,
    pub from: String,
    pub to: String,
    pub body: Option<String>,
    pub date_created: Option<String>,
}

#[derive(Deserialize)]
struct PhoneMessages {
    messages: Vec<PhoneMessage>,
}

#[derive(Serialize)]
struct HandsetWrites<'a> {
    from: &'a str,
    to: &'a str,
    body: &'a str,
}

pub async fn phones() -> Result<Vec<Phone>, ApiError> {
    Ok(get_json::<Phones>("/api/v1/sandbox/phones").await?.phones)
}

pub async fn phone_messages(address: String) -> Result<Vec<PhoneMessage>, ApiError> {
    let path = format!("/api/v1/sandbox/phones/{}/messages", segment(&address));
    Ok(get_json::<PhoneMessages>(&path).await?.messages)
}

/// The handset `from` writes `body` to the business number `to`.
pub async fn phone_send(from: String, to: String, body: String) -> Result<(), ApiError> {
    let message = HandsetWrites {
        from: &from,
        to: &to,
        body: &body,
    };
    let response = send_json(
        with_csrf(Request::post("/api/v1/sandbox/phones/messages")),
        to_json(&message)?,
    )?
    .await?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}

/// POST without a body, for actions answered with 204.
async fn post_empty(path: &str) -> Result<(), ApiError> {
    let response = with_csrf(Request::post(path))
        .send()
        .await
        .map_err(|_| ApiError::said(crate::i18n::t().server_unreachable))?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure(response).await)
    }
}

fn segment(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}
