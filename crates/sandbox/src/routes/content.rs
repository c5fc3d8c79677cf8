//! Content v1, read side: templates, and their WhatsApp approval, with their wire shapes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::paging::Listing;
use super::wire::{Wire, fetch as fetch_one};
use crate::store::{Approval, Content};
use crate::time_format::format;
use crate::{SandboxState, TwilioError};

pub async fn list(
    State(state): State<SandboxState>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    Ok(
        listing.page(&store, store.contents(), "contents", |wire, c| {
            wire.content(c)
        }),
    )
}

pub async fn with_approvals(
    State(state): State<SandboxState>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    Ok(
        listing.page(&store, store.contents(), "contents", |wire, c| {
            wire.content_and_approvals(c)
        }),
    )
}

pub async fn fetch(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(sid): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    fetch_one(
        &state,
        &headers,
        |s| s.content(&sid),
        |wire, c| wire.content(c),
    )
    .await
}

pub async fn approvals(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(sid): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    fetch_one(
        &state,
        &headers,
        |s| s.content(&sid),
        |wire, c| wire.approval_fetch(c),
    )
    .await
}

impl Wire<'_> {
    pub fn content(&self, c: &Content) -> Value {
        let url = self.url(&format!("/v1/Content/{}", c.sid));
        let links = json!({
            "approval_fetch": format!("{url}/ApprovalRequests"),
            "approval_create": format!("{url}/ApprovalRequests/whatsapp"),
        });
        self.template(c, [("url", url.into()), ("links", links)])
    }

    /// ContentAndApprovals puts the WhatsApp approval fields directly in `approval_requests`.
    pub fn content_and_approvals(&self, c: &Content) -> Value {
        self.template(c, [("approval_requests", approval(c))])
    }

    /// The fields both lists of templates give, then `more`.
    fn template<const N: usize>(&self, c: &Content, more: [(&str, Value); N]) -> Value {
        let mut body = json!({
            "date_created": format(c.date_created),
            "date_updated": format(c.date_updated),
            "sid": c.sid,
            "account_sid": self.account_sid(),
            "friendly_name": c.friendly_name,
            "language": c.language,
            "variables": c.variables,
            "types": c.types,
        });
        let fields = body.as_object_mut().expect("an object");
        fields.extend(more.map(|(name, value)| (name.to_owned(), value)));
        body
    }

    /// `ApprovalRequests` nests the same fields under `whatsapp`.
    pub fn approval_fetch(&self, c: &Content) -> Value {
        json!({
            "sid": c.sid,
            "account_sid": self.account_sid(),
            "whatsapp": approval(c),
            "url": self.url(&format!("/v1/Content/{}/ApprovalRequests", c.sid)),
        })
    }
}

fn approval(c: &Content) -> Value {
    let unsubmitted = Approval {
        name: c.friendly_name.clone(),
        category: "UTILITY".into(),
        status: "unsubmitted".into(),
        rejection_reason: String::new(),
    };
    let a = c.approval.as_ref().unwrap_or(&unsubmitted);
    json!({
        "type": "whatsapp",
        "name": a.name,
        "category": a.category,
        "content_type": "twilio/text",
        "status": a.status,
        "rejection_reason": a.rejection_reason,
        "allow_category_change": true,
    })
}
