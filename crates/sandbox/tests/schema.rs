//! Every kind of response body the sandbox gives validates against the response schema of
//! Twilio's own OpenAPI spec for that operation, with no field the spec does not name.

mod common;

use common::*;
use serde_json::{Map, Value, json};

fn spec(name: &str) -> Value {
    let path = format!("{}/../twilio/oai/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// OpenAPI 3.0 to JSON Schema: `nullable` becomes a null alternative, and objects that list
/// their properties accept no others.
fn translate(schema: &Value) -> Value {
    match schema {
        Value::Array(items) => Value::Array(items.iter().map(translate).collect()),
        Value::Object(map) => {
            let mut out: Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), translate(v))).collect();
            if out.contains_key("properties") && !out.contains_key("additionalProperties") {
                out.insert("additionalProperties".into(), Value::Bool(false));
            }
            if out.remove("nullable") == Some(Value::Bool(true)) {
                match out.get("type").cloned() {
                    Some(Value::String(t)) if !out.contains_key("enum") => {
                        out.insert("type".into(), json!([t, "null"]));
                    }
                    _ => return json!({ "anyOf": [Value::Object(out), { "type": "null" }] }),
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

struct Spec {
    doc: Value,
    components: Value,
}

impl Spec {
    fn load(name: &str) -> Spec {
        let doc = spec(name);
        let components = translate(&doc["components"]);
        Spec { doc, components }
    }

    /// Checks `body` against the schema of `method path` answering `status`.
    fn check(&self, method: &str, path: &str, status: u16, body: &Value) {
        let errors = self.errors(method, path, status, body);
        assert!(errors.is_empty(), "{method} {path}: {errors:#?}\n{body:#}");
    }

    fn errors(&self, method: &str, path: &str, status: u16, body: &Value) -> Vec<String> {
        let response = &self.doc["paths"][path][method]["responses"][status.to_string()];
        let schema = &response["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "the spec has no {method} {path} {status}"
        );
        let root = json!({ "allOf": [translate(schema)], "components": self.components });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&root)
            .unwrap();
        validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }
}

#[tokio::test]
async fn conversations_responses_match_the_conversations_spec() {
    let oai = Spec::load("twilio_conversations_v1.json");
    let sandbox = demo().await;
    let order = sandbox.demo_sid("Order 8812 — Robert ⇄ Alicia").await;
    let sid = check_conversations(&oai, &sandbox, &order).await;
    check_participants(&oai, &sandbox, &order, &sid).await;
    check_messages(&oai, &sandbox, &order, &sid).await;
    check_webhooks(&oai, &sandbox, &sid).await;
    check_configuration(&oai, &sandbox).await;
}

/// Lists, creates (alone and with participants), reads and updates conversations; returns the SID
/// of the one created alone.
async fn check_conversations(oai: &Spec, sandbox: &Sandbox, order: &str) -> String {
    let c = "/v1/Conversations/{Sid}";
    oai.check(
        "get",
        "/v1/Conversations",
        200,
        &sandbox.get("/v1/Conversations?PageSize=2").await.body,
    );
    let created = sandbox
        .post(
            "/v1/Conversations",
            &[
                ("FriendlyName", "Schema"),
                ("UniqueName", "schema"),
                ("State", "active"),
                ("Timers.Inactive", "PT5M"),
            ],
        )
        .await;
    oai.check("post", "/v1/Conversations", 201, &created.body);
    let sid = created.body["sid"].as_str().unwrap().to_owned();
    oai.check(
        "get",
        c,
        200,
        &sandbox
            .get(&format!("/v1/Conversations/{order}"))
            .await
            .body,
    );
    let updated = sandbox
        .post(
            &format!("/v1/Conversations/{sid}"),
            &[("State", "inactive")],
        )
        .await;
    oai.check("post", c, 200, &updated.body);

    let with = sandbox
        .post(
            "/v1/ConversationWithParticipants",
            &[("FriendlyName", "Pair"), ("Participant", r#"{"messaging_binding":{"address":"+15550100044","proxy_address":"+15550109002"}}"#)],
        )
        .await;
    oai.check("post", "/v1/ConversationWithParticipants", 201, &with.body);
    let lookup = sandbox
        .get("/v1/ParticipantConversations?Address=whatsapp%3A%2B34600000001")
        .await;
    oai.check("get", "/v1/ParticipantConversations", 200, &lookup.body);
    sid
}

async fn check_participants(oai: &Spec, sandbox: &Sandbox, order: &str, sid: &str) {
    let p = "/v1/Conversations/{ConversationSid}/Participants";
    let added = sandbox.add(sid, "whatsapp:+34600000045", WA_2).await;
    oai.check("post", p, 201, &added.body);
    let chat = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Participants"),
            &[("Identity", "agent")],
        )
        .await;
    oai.check("post", p, 201, &chat.body);
    oai.check(
        "get",
        p,
        200,
        &sandbox
            .get(&format!("/v1/Conversations/{order}/Participants"))
            .await
            .body,
    );
    let one = format!(
        "/v1/Conversations/{sid}/Participants/{}",
        added.body["sid"].as_str().unwrap()
    );
    let p1 = "/v1/Conversations/{ConversationSid}/Participants/{Sid}";
    oai.check("get", p1, 200, &sandbox.get(&one).await.body);
    oai.check(
        "post",
        p1,
        200,
        &sandbox
            .post(&one, &[("LastReadMessageIndex", "0")])
            .await
            .body,
    );
}

async fn check_messages(oai: &Spec, sandbox: &Sandbox, order: &str, sid: &str) {
    let m = "/v1/Conversations/{ConversationSid}/Messages";
    let sent = sandbox
        .post(
            &format!("/v1/Conversations/{order}/Messages"),
            &[("Author", "system"), ("Body", "hi")],
        )
        .await;
    oai.check("post", m, 201, &sent.body);
    let quiet = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Messages"),
            &[("Body", "no one")],
        )
        .await;
    oai.check("post", m, 201, &quiet.body);
    oai.check(
        "get",
        m,
        200,
        &sandbox
            .get(&format!("/v1/Conversations/{order}/Messages?Order=desc"))
            .await
            .body,
    );
    let m1 = "/v1/Conversations/{ConversationSid}/Messages/{Sid}";
    let url = sent.body["url"].as_str().unwrap();
    oai.check("get", m1, 200, &sandbox.get_url(url).await.body);
    let edited = sandbox
        .post(
            &format!(
                "/v1/Conversations/{order}/Messages/{}",
                sent.body["sid"].as_str().unwrap()
            ),
            &[("Body", "hello")],
        )
        .await;
    oai.check("post", m1, 200, &edited.body);
    let receipts = sandbox.get_url(&format!("{url}/Receipts")).await;
    oai.check(
        "get",
        "/v1/Conversations/{ConversationSid}/Messages/{MessageSid}/Receipts",
        200,
        &receipts.body,
    );
    let receipt = receipts.body["delivery_receipts"][0]["url"]
        .as_str()
        .unwrap();
    oai.check(
        "get",
        "/v1/Conversations/{ConversationSid}/Messages/{MessageSid}/Receipts/{Sid}",
        200,
        &sandbox.get_url(receipt).await.body,
    );
}

async fn check_webhooks(oai: &Spec, sandbox: &Sandbox, sid: &str) {
    let w = "/v1/Conversations/{ConversationSid}/Webhooks";
    let hook = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Webhooks"),
            &[
                ("Target", "webhook"),
                ("Configuration.Url", "https://example.com/h"),
                ("Configuration.Filters", "onMessageAdded"),
            ],
        )
        .await;
    oai.check("post", w, 201, &hook.body);
    oai.check(
        "get",
        w,
        200,
        &sandbox
            .get(&format!("/v1/Conversations/{sid}/Webhooks"))
            .await
            .body,
    );
    let w1 = "/v1/Conversations/{ConversationSid}/Webhooks/{Sid}";
    let hook_url = hook.body["url"].as_str().unwrap();
    oai.check("get", w1, 200, &sandbox.get_url(hook_url).await.body);
    let changed = sandbox
        .post(
            &format!(
                "/v1/Conversations/{sid}/Webhooks/{}",
                hook.body["sid"].as_str().unwrap()
            ),
            &[("Configuration.Method", "get")],
        )
        .await;
    oai.check("post", w1, 200, &changed.body);
}

/// The account's configuration and its webhook settings at the account and service levels,
/// empty and set.
async fn check_configuration(oai: &Spec, sandbox: &Sandbox) {
    let configuration = sandbox.get("/v1/Configuration").await.body;
    oai.check("get", "/v1/Configuration", 200, &configuration);
    let service = configuration["default_chat_service_sid"].as_str().unwrap();
    let account = "/v1/Configuration/Webhooks";
    oai.check("get", account, 200, &sandbox.get(account).await.body);
    let set = sandbox
        .post(
            account,
            &[
                ("PostWebhookUrl", "https://example.com/events"),
                ("Filters", "onMessageAdded"),
                ("Method", "GET"),
                ("Target", "webhook"),
            ],
        )
        .await;
    oai.check("post", account, 200, &set.body);
    oai.check("get", account, 200, &sandbox.get(account).await.body);
    let s = "/v1/Services/{ChatServiceSid}/Configuration/Webhooks";
    let path = format!("/v1/Services/{service}/Configuration/Webhooks");
    oai.check("get", s, 200, &sandbox.get(&path).await.body);
    let set = sandbox
        .post(
            &path,
            &[
                ("PostWebhookUrl", "https://example.com/service"),
                ("PreWebhookUrl", "https://example.com/pre"),
                ("Filters", "onConversationAdded"),
                ("Method", "POST"),
            ],
        )
        .await;
    oai.check("post", s, 200, &set.body);
    oai.check("get", s, 200, &sandbox.get(&path).await.body);
}

#[tokio::test]
async fn content_responses_match_the_content_spec() {
    let oai = Spec::load("twilio_content_v1.json");
    let sandbox = demo().await;
    let list = sandbox.get("/v1/Content").await;
    oai.check("get", "/v1/Content", 200, &list.body);
    let sid = list.body["contents"][0]["sid"].as_str().unwrap();
    oai.check(
        "get",
        "/v1/Content/{Sid}",
        200,
        &sandbox.get(&format!("/v1/Content/{sid}")).await.body,
    );
    oai.check(
        "get",
        "/v1/ContentAndApprovals",
        200,
        &sandbox.get("/v1/ContentAndApprovals").await.body,
    );
    let approvals = sandbox
        .get(&format!("/v1/Content/{sid}/ApprovalRequests"))
        .await;
    oai.check(
        "get",
        "/v1/Content/{Sid}/ApprovalRequests",
        200,
        &approvals.body,
    );
    assert_eq!(approvals.body["whatsapp"]["status"], "approved");

    let mut wrong = list.body.clone();
    wrong["contents"][0]["sid"] = json!("XX123");
    wrong["contents"][1]["extra"] = json!(true);
    let errors = oai.errors("get", "/v1/Content", 200, &wrong);
    assert!(errors.iter().any(|e| e.contains("XX123")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("extra")), "{errors:?}");
}

#[tokio::test]
async fn messaging_responses_match_the_messaging_spec() {
    let oai = Spec::load("twilio_messaging_v1.json");
    let sandbox = demo().await;
    let services = sandbox.get("/messaging/v1/Services").await;
    oai.check("get", "/v1/Services", 200, &services.body);
    let sid = services.body["services"][0]["sid"].as_str().unwrap();
    oai.check(
        "get",
        "/v1/Services/{Sid}",
        200,
        &sandbox
            .get(&format!("/messaging/v1/Services/{sid}"))
            .await
            .body,
    );
    let numbers = sandbox
        .get(&format!("/messaging/v1/Services/{sid}/PhoneNumbers"))
        .await;
    oai.check(
        "get",
        "/v1/Services/{ServiceSid}/PhoneNumbers",
        200,
        &numbers.body,
    );
    assert_eq!(numbers.body["phone_numbers"][0]["phone_number"], SMS_1);
    let senders = sandbox
        .get(&format!("/messaging/v1/Services/{sid}/ChannelSenders"))
        .await;
    oai.check(
        "get",
        "/v1/Services/{MessagingServiceSid}/ChannelSenders",
        200,
        &senders.body,
    );
    assert_eq!(senders.body["senders"][1]["sender"], WA_2);
}

#[test]
fn the_translation_rejects_fields_the_spec_does_not_name() {
    let schema = translate(
        &json!({"type": "object", "properties": {"a": {"type": "string", "nullable": true}}}),
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json!({"a": null})));
    assert!(!validator.is_valid(&json!({"a": 1})));
    assert!(!validator.is_valid(&json!({"b": "x"})));
}
