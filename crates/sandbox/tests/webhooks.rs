//! Conversation-scoped webhooks: the five-per-conversation limit, and signed delivery on the
//! events of each webhook's filters (the seed's template opt-in flow).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use common::*;
use secrecy::ExposeSecret;
use serde_json::Value;

/// A request a webhook receiver got: its full URL, headers and form fields.
#[derive(Clone, Debug)]
struct Received {
    url: String,
    signature: String,
    idempotency_token: Option<String>,
    params: Vec<(String, String)>,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

/// A local endpoint that records every webhook and answers 200.
async fn receiver() -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .fallback(
            |State((inbox, base)): State<(Inbox, String)>, request: Request| async move {
                let url = format!("{base}{}", request.uri());
                let headers = request.headers().clone();
                let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
                let signature = header("X-Twilio-Signature").unwrap_or_default();
                let idempotency_token = header("I-Twilio-Idempotency-Token");
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let params = serde_urlencoded::from_bytes(&body).unwrap();
                inbox.lock().unwrap().push(Received {
                    url,
                    signature,
                    idempotency_token,
                    params,
                });
                "ok"
            },
        )
        .with_state((inbox.clone(), base.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, inbox)
}

fn param<'a>(received: &'a Received, name: &str) -> &'a str {
    received
        .params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Waits (up to five seconds) until the sandbox has recorded `count` deliveries.
async fn deliveries(sandbox: &Sandbox, count: usize) -> Vec<Value> {
    for _ in 0..100 {
        let reply = sandbox.get("/sandbox/v1/Webhooks/Deliveries").await;
        let list = reply.body["deliveries"].as_array().unwrap().clone();
        if list.len() >= count {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {count} webhook deliveries were recorded");
}

/// The relay's webhook on the conversation: POST to `hook_url` on every added message.
async fn add_relay_hook(sandbox: &Sandbox, sid: &str, hook_url: &str) -> Reply {
    let hook = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Webhooks"),
            &[
                ("Target", "webhook"),
                ("Configuration.Url", hook_url),
                ("Configuration.Method", "POST"),
                ("Configuration.Filters", "onMessageAdded"),
            ],
        )
        .await;
    assert_eq!(hook.status, 201, "{}", hook.body);
    assert_eq!(
        hook.body["configuration"]["filters"],
        serde_json::json!(["onMessageAdded"])
    );
    hook
}

/// The rider sends the customer the first seeded template, over the REST API.
async fn send_template(sandbox: &Sandbox, sid: &str, rider: &str) {
    let contents = sandbox.get("/v1/Content").await;
    let template = contents.body["contents"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Messages"),
            &[
                ("Author", rider),
                ("ContentSid", &template),
                ("ContentVariables", r#"{"1":"Sam","2":"Ana"}"#),
            ],
        )
        .await;
    assert_eq!(
        sent.body["participant_sid"].as_str().map(|s| &s[..2]),
        Some("MB"),
        "authored by the rider"
    );
    assert_eq!(sent.body["delivery"]["delivered"], "all");
}

/// `got` is signed with `token` (and only with it), carries an idempotency token, and announces
/// the customer's reply.
fn assert_signed_reply(got: &Received, token: &str, sid: &str, customer: &str) {
    assert!(switchboard_twilio::signature::verify(
        token,
        &got.url,
        &got.params,
        &got.signature
    ));
    assert!(!switchboard_twilio::signature::verify(
        "other-token",
        &got.url,
        &got.params,
        &got.signature
    ));
    assert!(
        got.idempotency_token
            .as_ref()
            .is_some_and(|t| !t.is_empty())
    );
    assert_eq!(param(got, "EventType"), "onMessageAdded");
    assert_eq!(param(got, "ConversationSid"), sid);
    assert_eq!(param(got, "Author"), customer);
    assert_eq!(param(got, "Body"), "Yes, happy to chat");
    assert_eq!(param(got, "Source"), "WHATSAPP");
    assert_eq!(param(got, "Index"), "1");
    assert!(param(got, "MessageSid").starts_with("IM"));
    assert!(param(got, "ParticipantSid").starts_with("MB"));
}

#[tokio::test]
async fn the_template_opt_in_flow_fires_a_signed_webhook_on_the_customers_reply() {
    let sandbox = demo().await;
    let (base, inbox) = receiver().await;
    let (customer, rider) = ("whatsapp:+34600000031", "whatsapp:+15550100031");
    let sid = sandbox.conversation("Order 8840").await;
    sandbox.add(&sid, customer, WA_2).await;
    sandbox.add(&sid, rider, WA_2).await;
    let hook_url = format!("{base}/relay?order=8840");
    let hook = add_relay_hook(&sandbox, &sid, &hook_url).await;
    send_template(&sandbox, &sid, rider).await;

    sandbox.text(customer, WA_2, "Yes, happy to chat").await;
    let recorded = deliveries(&sandbox, 1).await;
    assert_eq!(
        recorded.len(),
        1,
        "the REST-made template did not fire without X-Twilio-Webhook-Enabled"
    );
    assert_eq!(recorded[0]["status"], 200);
    assert!(recorded[0]["latency_ms"].is_u64());

    let got = inbox.lock().unwrap()[0].clone();
    assert_eq!(got.url, hook_url);
    let token = sandbox.running.auth_token.expose_secret();
    assert_signed_reply(&got, token, &sid, customer);

    let hook_sid = hook.body["sid"].as_str().unwrap();
    let removed = sandbox
        .delete(&format!("/v1/Conversations/{sid}/Webhooks/{hook_sid}"))
        .await;
    assert_eq!(removed.status, 204);
    sandbox.text(customer, WA_2, "Hello?").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        inbox.lock().unwrap().len(),
        1,
        "a removed webhook fires no more"
    );
}

#[tokio::test]
async fn rest_changes_fire_webhooks_only_with_the_webhook_enabled_header() {
    let sandbox = demo().await;
    let (base, inbox) = receiver().await;
    let sid = sandbox.conversation("Order 8841").await;
    let hook_url = format!("{base}/events");
    sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Webhooks"),
            &[
                ("Target", "webhook"),
                ("Configuration.Url", &hook_url),
                ("Configuration.Method", "GET"),
                ("Configuration.Filters", "onMessageAdded"),
                ("Configuration.Filters", "onParticipantAdded"),
            ],
        )
        .await;
    let path = format!("/v1/Conversations/{sid}/Messages");
    sandbox.post(&path, &[("Body", "quiet")]).await;
    sandbox.post_firing(&path, &[("Body", "loud")]).await;
    let recorded = deliveries(&sandbox, 1).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["method"], "GET");
    let got = inbox.lock().unwrap()[0].clone();
    assert!(
        got.url.contains("Body=loud"),
        "GET puts the fields in the query: {}",
        got.url
    );
    let token = sandbox.running.auth_token.expose_secret();
    assert!(switchboard_twilio::signature::verify(
        token,
        &got.url,
        &[],
        &got.signature
    ));
}

#[tokio::test]
async fn a_conversation_takes_at_most_five_webhooks() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Busy").await;
    let path = format!("/v1/Conversations/{sid}/Webhooks");
    let form = [
        ("Target", "webhook"),
        ("Configuration.Url", "https://example.com/hook"),
    ];
    for _ in 0..5 {
        assert_eq!(sandbox.post(&path, &form).await.status, 201);
    }
    let sixth = sandbox.post(&path, &form).await;
    assert_eq!(sixth.code(), 50361);
    assert_eq!(
        sandbox.get(&path).await.body["webhooks"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[tokio::test]
async fn a_webhook_can_be_fetched_and_updated_and_its_fields_are_checked() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Hooks").await;
    let path = format!("/v1/Conversations/{sid}/Webhooks");
    let created = sandbox
        .post(
            &path,
            &[
                ("Target", "trigger"),
                ("Configuration.Url", "https://example.com/t"),
                ("Configuration.Triggers", "help"),
            ],
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let one = format!("{path}/{}", created.body["sid"].as_str().unwrap());
    let updated = sandbox
        .post(&one, &[("Configuration.Url", "https://example.com/t2")])
        .await;
    assert_eq!(
        updated.body["configuration"]["url"],
        "https://example.com/t2"
    );
    assert_eq!(
        sandbox.get(&one).await.body["configuration"]["triggers"][0],
        "help"
    );
    assert_eq!(
        sandbox
            .post(&path, &[("Target", "carrier-pigeon")])
            .await
            .status,
        400
    );
    assert_eq!(
        sandbox.post(&path, &[("Target", "webhook")]).await.status,
        400
    );
    let bad_filter = sandbox
        .post(
            &path,
            &[
                ("Target", "webhook"),
                ("Configuration.Url", "https://e.com"),
                ("Configuration.Filters", "onEverything"),
            ],
        )
        .await;
    assert_eq!(bad_filter.status, 400);
    let six: Vec<(&str, &str)> = std::iter::once(("Target", "trigger"))
        .chain(std::iter::once(("Configuration.Url", "https://e.com")))
        .chain((0..6).map(|_| ("Configuration.Triggers", "word")))
        .collect();
    assert_eq!(sandbox.post(&path, &six).await.code(), 50362);
}

#[tokio::test]
async fn a_webhook_that_cannot_be_reached_is_recorded_as_failed() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Nobody home").await;
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{closed_port}/hook");
    sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Webhooks"),
            &[
                ("Target", "webhook"),
                ("Configuration.Url", &url),
                ("Configuration.Filters", "onMessageAdded"),
            ],
        )
        .await;
    sandbox
        .post_firing(
            &format!("/v1/Conversations/{sid}/Messages"),
            &[("Body", "ping")],
        )
        .await;
    let recorded = deliveries(&sandbox, 1).await;
    assert!(recorded[0]["status"].is_null());
    assert!(
        recorded[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("could not connect")
    );
}
