//! The contract test: every call the client makes, sent to `prism mock --errors` serving Twilio's
//! official OpenAPI specs, which answers 422 with the violation for any request the spec does not
//! allow. `cargo xtask test` starts the mocks and runs this with their addresses in
//! SWITCHBOARD_CONTRACT_{CONVERSATIONS,CONTENT,MESSAGING}.
//!
//! Twilio (and its own libraries) send a list as the same field repeated, `Participant=a&Participant=b`;
//! Prism reads only `Participant[]=a` as a list (stoplightio/prism#2473). A small adapter in front of
//! each mock renames the spec's list fields, and changes nothing else.

use std::collections::HashSet;
use std::fmt::Debug;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use serde_json::Value;

use secrecy::SecretString;
use switchboard_twilio::{
    Bases, Client, ClientConfig, ConversationParams, Credentials, Error, EventConfigurationUpdate,
    MessageOrder, NewMessage, NewParticipant, RetryPolicy, WebhookParams,
};

const CONVERSATION: &str = "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

async fn client() -> Client {
    let mock = |api: &str| {
        std::env::var(format!("SWITCHBOARD_CONTRACT_{api}"))
            .unwrap_or_else(|_| panic!("run through `cargo xtask test`, which starts the mocks"))
    };
    let bases = Bases {
        conversations: adapter(mock("CONVERSATIONS"), "twilio_conversations_v1.json").await,
        content: adapter(mock("CONTENT"), "twilio_content_v1.json").await,
        messaging: adapter(mock("MESSAGING"), "twilio_messaging_v1.json").await,
    };
    let credentials = Credentials::new(
        "AC00000000000000000000000000000001",
        SecretString::from("token"),
    );
    let retry = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    Client::new(ClientConfig {
        retry,
        ..ClientConfig::new(bases, credentials)
    })
    .unwrap()
}

/// The spec accepted the request and the client read the spec's example answer.
fn accepted<T: Debug>(call: &str, result: Result<T, Error>, violations: &mut Vec<String>) {
    match result {
        Ok(_) => {}
        Err(Error::UnexpectedStatus { status: 422 }) => {
            violations.push(format!("{call}: the spec refuses the request"))
        }
        Err(error) => violations.push(format!("{call}: {error}")),
    }
}

#[tokio::test]
#[ignore = "needs the prism mocks that cargo xtask test starts"]
async fn every_call_the_client_makes_is_one_twilios_spec_allows() {
    let twilio = client().await;
    let mut violations = Vec::new();
    let full = ConversationParams {
        friendly_name: Some("Order 8812".into()),
        unique_name: Some("order-8812".into()),
        attributes: Some(r#"{"reference":"8812"}"#.into()),
        state: Some("active".into()),
        timers_inactive: Some("PT1H".into()),
        timers_closed: Some("PT24H".into()),
    };
    conversation_calls(&twilio, &full, &mut violations).await;
    participant_calls(&twilio, &full, &mut violations).await;
    message_calls(&twilio, &mut violations).await;
    webhook_calls(&twilio, &mut violations).await;
    event_configuration_calls(&twilio, &mut violations).await;
    accepted("templates", twilio.templates().await, &mut violations);
    accepted(
        "account numbers",
        twilio.account_numbers().await,
        &mut violations,
    );
    assert!(violations.is_empty(), "{violations:#?}");
}

/// List, filter, fetch, create, close and delete.
async fn conversation_calls(
    twilio: &Client,
    full: &ConversationParams,
    violations: &mut Vec<String>,
) {
    accepted(
        "list conversations",
        twilio.list_conversations(5).await,
        violations,
    );
    accepted(
        "filtered conversations",
        twilio.list_conversations_filtered(Some("closed"), 5).await,
        violations,
    );
    accepted(
        "fetch conversation",
        twilio.fetch_conversation(CONVERSATION).await,
        violations,
    );
    accepted(
        "create conversation",
        twilio.create_conversation(full).await,
        violations,
    );
    let close = ConversationParams {
        state: Some("closed".into()),
        ..ConversationParams::default()
    };
    accepted(
        "close conversation",
        twilio.update_conversation(CONVERSATION, &close).await,
        violations,
    );
    accepted(
        "delete conversation",
        twilio.delete_conversation(CONVERSATION).await,
        violations,
    );
}

/// A conversation made with its participants, the lookup by address, and each kind of participant
/// added and removed.
async fn participant_calls(
    twilio: &Client,
    full: &ConversationParams,
    violations: &mut Vec<String>,
) {
    let sms = NewParticipant::Messaging {
        address: "+15550100001".into(),
        proxy_address: "+15550109001".into(),
        attributes: Some(r#"{"name":"Alicia"}"#.into()),
    };
    let whatsapp = NewParticipant::Messaging {
        address: "whatsapp:+34600000001".into(),
        proxy_address: "whatsapp:+15550108001".into(),
        attributes: None,
    };
    let chat = NewParticipant::Chat {
        identity: "agent-42".into(),
        attributes: None,
    };
    let pair = [sms.clone(), whatsapp.clone()];
    accepted(
        "conversation with participants",
        twilio
            .create_conversation_with_participants(full, &pair)
            .await,
        violations,
    );
    accepted(
        "participant conversations",
        twilio
            .participant_conversations("whatsapp:+34600000001")
            .await,
        violations,
    );
    accepted(
        "list participants",
        twilio.list_participants(CONVERSATION).await,
        violations,
    );
    for participant in [&sms, &whatsapp, &chat] {
        accepted(
            "add participant",
            twilio.add_participant(CONVERSATION, participant).await,
            violations,
        );
    }
    accepted(
        "remove participant",
        twilio
            .remove_participant(CONVERSATION, "MBaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
            .await,
        violations,
    );
}

/// Free-form text and a template sent, messages read in both orders, and a message's receipts.
async fn message_calls(twilio: &Client, violations: &mut Vec<String>) {
    let text = NewMessage {
        author: Some("+15550100001".into()),
        body: Some("On my way".into()),
        ..NewMessage::default()
    };
    let template = NewMessage {
        author: Some("whatsapp:+34600000001".into()),
        content_sid: Some("HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into()),
        content_variables: Some(r#"{"1":"Robert","2":"Alicia"}"#.into()),
        ..NewMessage::default()
    };
    accepted(
        "send message",
        twilio.send_message(CONVERSATION, &text).await,
        violations,
    );
    accepted(
        "send template",
        twilio.send_message(CONVERSATION, &template).await,
        violations,
    );
    for order in [MessageOrder::OldestFirst, MessageOrder::NewestFirst] {
        accepted(
            "messages page",
            twilio.messages_page(CONVERSATION, order, 50).await,
            violations,
        );
    }
    accepted(
        "receipts",
        twilio
            .message_receipts(CONVERSATION, "IMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
            .await,
        violations,
    );
}

/// Each kind of scoped webhook created, and one listed, updated and deleted.
async fn webhook_calls(twilio: &Client, violations: &mut Vec<String>) {
    let webhook = WebhookParams {
        target: "webhook".into(),
        url: Some("https://example.com/events".into()),
        method: Some("post".into()),
        filters: vec!["onMessageAdded".into(), "onDeliveryUpdated".into()],
        replay_after: Some(3),
        ..WebhookParams::default()
    };
    let trigger = WebhookParams {
        target: "trigger".into(),
        url: Some("https://example.com/keyword".into()),
        method: Some("get".into()),
        triggers: vec!["help".into(), "stop".into()],
        ..WebhookParams::default()
    };
    let studio = WebhookParams {
        target: "studio".into(),
        flow_sid: Some("FWaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into()),
        ..WebhookParams::default()
    };
    accepted(
        "list webhooks",
        twilio.list_webhooks(CONVERSATION).await,
        violations,
    );
    for params in [&webhook, &trigger, &studio] {
        accepted(
            "create webhook",
            twilio.create_webhook(CONVERSATION, params).await,
            violations,
        );
    }
    let scoped = "WHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    accepted(
        "update webhook",
        twilio.update_webhook(CONVERSATION, scoped, &webhook).await,
        violations,
    );
    accepted(
        "delete webhook",
        twilio.delete_webhook(CONVERSATION, scoped).await,
        violations,
    );
}

/// The account and service levels' post-event configuration, fetched and updated.
async fn event_configuration_calls(twilio: &Client, violations: &mut Vec<String>) {
    let update = EventConfigurationUpdate {
        method: Some("POST".into()),
        filters: Some(vec![
            "onMessageAdded".into(),
            "onConversationRemoved".into(),
        ]),
        pre_webhook_url: None,
        post_webhook_url: Some("https://example.com/hooks/twilio/events".into()),
    };
    let service = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    accepted(
        "fetch account configuration",
        twilio.account_configuration().await,
        violations,
    );
    accepted(
        "fetch account event configuration",
        twilio.account_event_configuration().await,
        violations,
    );
    accepted(
        "update account event configuration",
        twilio.update_account_event_configuration(&update).await,
        violations,
    );
    accepted(
        "fetch service event configuration",
        twilio.service_event_configuration(service).await,
        violations,
    );
    accepted(
        "update service event configuration",
        twilio
            .update_service_event_configuration(service, &update)
            .await,
        violations,
    );
}

/// The names of every list field in the spec's form request bodies.
fn list_fields(spec: &str) -> HashSet<String> {
    let path = format!("{}/oai/{spec}", env!("CARGO_MANIFEST_DIR"));
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut names = HashSet::new();
    for operations in spec["paths"].as_object().unwrap().values() {
        for operation in operations.as_object().unwrap().values() {
            let properties = &operation["requestBody"]["content"]["application/x-www-form-urlencoded"]
                ["schema"]["properties"];
            for (name, schema) in properties.as_object().into_iter().flatten() {
                if schema["type"] == "array" {
                    names.insert(name.clone());
                }
            }
        }
    }
    names
}

#[derive(Clone)]
struct Adapter {
    mock: String,
    lists: Arc<HashSet<String>>,
}

/// Starts the adapter in front of `mock` and returns its base URL.
async fn adapter(mock: String, spec: &str) -> String {
    let state = Adapter {
        mock,
        lists: Arc::new(list_fields(spec)),
    };
    let app = axum::Router::new().fallback(forward).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

async fn forward(State(adapter): State<Adapter>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let renamed: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(name, value)| {
            if adapter.lists.contains(&name) {
                (format!("{name}[]"), value)
            } else {
                (name, value)
            }
        })
        .collect();
    let url = format!(
        "{}{}",
        adapter.mock,
        parts.uri.path_and_query().map_or("", |pq| pq.as_str())
    );
    let mut upstream = reqwest::Client::new().request(parts.method, url);
    for name in ["authorization", "content-type"] {
        if let Some(value) = parts.headers.get(name) {
            upstream = upstream.header(name, value.as_bytes());
        }
    }
    if !body.is_empty() {
        upstream = upstream.body(serde_urlencoded::to_string(&renamed).unwrap());
    }
    let answer = upstream.send().await.unwrap();
    let status = answer.status().as_u16();
    let content_type = answer.headers().get("content-type").cloned();
    let bytes = answer.bytes().await.unwrap();
    let mut response = Response::builder().status(status);
    if let Some(content_type) = content_type {
        response = response.header("content-type", content_type.as_bytes());
    }
    response.body(Body::from(bytes)).unwrap()
}
