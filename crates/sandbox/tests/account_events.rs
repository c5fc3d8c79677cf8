//! The account- and service-level post-event webhooks: configured over HTTP as Twilio's API
//! does, fired for every conversation's changes (signed, in order), silent for REST changes made
//! without `X-Twilio-Webhook-Enabled` but for their delivery outcomes, and dropped on demand by a
//! `drop_events` fault.

mod common;
#[path = "account_events/config.rs"]
mod config;
#[path = "account_events/firing.rs"]
mod firing;
#[path = "account_events/receiver.rs"]
mod receiver;
#[path = "account_events/rest_changes.rs"]
mod rest_changes;

use common::*;

/// The post-event names, each of which the sandbox fires.
pub const POST_EVENTS: [&str; 11] = [
    "onConversationAdded",
    "onConversationUpdated",
    "onConversationStateUpdated",
    "onConversationRemoved",
    "onParticipantAdded",
    "onParticipantUpdated",
    "onParticipantRemoved",
    "onMessageAdded",
    "onMessageUpdated",
    "onMessageRemoved",
    "onDeliveryUpdated",
];

/// Points the account level's post-event webhook at `url` for `filters`.
pub async fn set_account(sandbox: &Sandbox, url: &str, filters: &[&str]) {
    let mut form = vec![("PostWebhookUrl", url), ("Method", "POST")];
    form.extend(filters.iter().map(|f| ("Filters", *f)));
    let reply = sandbox.post("/v1/Configuration/Webhooks", &form).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

/// The default conversation service's SID, as `/v1/Configuration` names it.
pub async fn chat_service(sandbox: &Sandbox) -> String {
    let reply = sandbox.get("/v1/Configuration").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["default_chat_service_sid"]
        .as_str()
        .unwrap()
        .to_owned()
}
