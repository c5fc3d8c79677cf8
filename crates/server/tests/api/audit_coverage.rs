//! Every documented change leaves an audit entry, failures included: each change route of the
//! running server's document, called as an admin with a request that reaches its handler and fails
//! there (a sign-out or emptying the sandbox's faults cannot fail), must add an entry of its action.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use switchboard_core::api::{AuditOutcome, AuditPage};

use crate::common::{ADMIN, TestApp, spawn};

const NO_CONVERSATION: &str = "CH00000000000000000000000000000000";

/// What a change route must leave in the audit log.
enum Audit {
    /// An entry of this action, with this outcome.
    Entry(&'static str, AuditOutcome),
    /// Nothing: the route only checks or previews.
    ReadOnly,
}

/// Per documented change: what to send and what the log must show after it.
fn expected() -> BTreeMap<(&'static str, &'static str), (Value, Audit)> {
    use Audit::*;
    use AuditOutcome::{Failed, Ok};
    let side = |number: &str| json!({ "name": "Ana", "channel": "sms", "number": number });
    let template = json!({ "content_sid": "HX00000000000000000000000000000000", "values": {} });
    let webhook =
        json!({ "target": "webhook", "url": "https://example.com/hook", "method": "post" });
    BTreeMap::from([
        (
            ("POST", "/api/v1/setup"),
            (
                json!({ "token": "not the setup token", "username": "late", "password": "a long password" }),
                Entry("setup.create", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/session"),
            (
                json!({ "username": ADMIN, "password": "not the password" }),
                Entry("session.create", Failed),
            ),
        ),
        (
            ("DELETE", "/api/v1/session"),
            (json!({}), Entry("session.delete", Ok)),
        ),
        (
            ("POST", "/api/v1/session/password"),
            (
                json!({ "current_password": "not the password", "new_password": "another long one" }),
                Entry("session.password", Failed),
            ),
        ),
        (
            ("PUT", "/api/v1/session/language"),
            (json!({ "language": "fr" }), Entry("session.language", Ok)),
        ),
        (
            ("POST", "/api/v1/users"),
            (
                json!({ "username": ADMIN, "password": "a long password", "role": "viewer" }),
                Entry("user.create", Failed),
            ),
        ),
        (
            ("PATCH", "/api/v1/users/{id}"),
            (json!({ "role": "viewer" }), Entry("user.update", Failed)),
        ),
        (
            ("DELETE", "/api/v1/conversations/{sid}"),
            (json!({}), Entry("conversation.delete", Failed)),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/close"),
            (json!({}), Entry("conversation.close", Failed)),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/extend"),
            (
                json!({ "minutes": 60 }),
                Entry("conversation.extend", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/bulk-ends"),
            (json!({}), Entry("bulk_end.start", Failed)),
        ),
        (
            ("PUT", "/api/v1/settings"),
            (
                json!({ "pairing_end": { "close_after_minutes": 5 } }),
                Entry("settings.update", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/messages"),
            (json!({ "body": "Hello" }), Entry("message.send", Failed)),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/opt-in"),
            (
                json!({
                    "customer_participant_sid": "MB00000000000000000000000000000000",
                    "rider_participant_sid": "MB00000000000000000000000000000001",
                    "customer_template": template,
                    "rider_template": template,
                }),
                Entry("opt_in.start", Failed),
            ),
        ),
        (
            (
                "POST",
                "/api/v1/conversations/{sid}/participants/{participant}/reassign",
            ),
            (
                json!({ "side": side("+1 555 010 0042") }),
                Entry("participant.reassign", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/webhooks"),
            (webhook.clone(), Entry("webhook.create", Failed)),
        ),
        (
            ("PUT", "/api/v1/conversations/{sid}/webhooks/{webhook}"),
            (webhook, Entry("webhook.update", Failed)),
        ),
        (
            ("DELETE", "/api/v1/conversations/{sid}/webhooks/{webhook}"),
            (json!({}), Entry("webhook.delete", Failed)),
        ),
        (
            ("POST", "/api/v1/pairings"),
            (
                json!({
                    "friendly_name": "Same person twice",
                    "sides": [side("+1 555 010 0042"), side("+1 555 010 0042")],
                }),
                Entry("pairing.create", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/pairings/imports"),
            (json!({ "csv": "" }), Entry("import.start", Failed)),
        ),
        (
            ("POST", "/api/v1/sandbox/phones/messages"),
            (
                json!({ "from": "+15550100042", "to": "+19990000000", "body": "Hi" }),
                Entry("sandbox.phone_message", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/sandbox/controls/clock"),
            (
                json!({ "advance": "a while" }),
                Entry("sandbox.clock_advance", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/sandbox/controls/numbers"),
            (
                json!({ "address": "not a number" }),
                Entry("sandbox.number_add", Failed),
            ),
        ),
        (
            ("POST", "/api/v1/sandbox/controls/faults"),
            (
                json!({ "path": "/v1/Conversations", "type": "no such fault" }),
                Entry("sandbox.fault_create", Failed),
            ),
        ),
        (
            ("DELETE", "/api/v1/sandbox/controls/faults"),
            (json!({}), Entry("sandbox.faults_clear", Ok)),
        ),
        (
            ("DELETE", "/api/v1/sandbox/controls/faults/{fault}"),
            (json!({}), Entry("sandbox.fault_delete", Failed)),
        ),
        (
            ("POST", "/api/v1/mirror/walk"),
            (json!({}), Entry("mirror.walk", Ok)),
        ),
        (
            ("POST", "/api/v1/mirror/reconcile"),
            (json!({}), Entry("mirror.reconcile", Ok)),
        ),
        (
            ("POST", "/api/v1/account-events/connect"),
            (
                json!({ "replacing": "https://someone.else.example/events" }),
                Entry("account_events.connect", Failed),
            ),
        ),
        (("POST", "/api/v1/pairings/check"), (json!({}), ReadOnly)),
        (
            ("POST", "/api/v1/pairings/imports/preview"),
            (json!({}), ReadOnly),
        ),
        (("POST", "/api/v1/templates/preview"), (json!({}), ReadOnly)),
    ])
}

/// Every documented operation but reads, sign-out last (it ends the admin's session).
async fn documented_changes(app: &TestApp) -> Vec<(String, String)> {
    let doc: Value = app.anonymous().get_ok("/api/v1/openapi.json").await;
    let mut changes: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            let methods = item.as_object().unwrap().keys();
            methods.map(|method| (method.to_uppercase(), path.clone()))
        })
        .filter(|(method, _)| method != "GET")
        .collect();
    changes.sort_by_key(|(method, path)| {
        (
            method == "DELETE" && path == "/api/v1/session",
            path.clone(),
        )
    });
    changes
}

fn concrete(path: &str) -> String {
    path.replace("{sid}", NO_CONVERSATION)
        .replace("{webhook}", "WH00000000000000000000000000000000")
        .replace("{participant}", "MB00000000000000000000000000000000")
        .replace("{fault}", "FA00000000000000000000000000000000")
        .replace("{id}", "999999")
}

async fn newest_entry_id(app: &TestApp) -> i64 {
    let page: AuditPage = app.admin.get_ok("/api/v1/audit?limit=1").await;
    page.entries.first().map_or(0, |entry| entry.id)
}

#[tokio::test]
async fn every_documented_change_writes_an_audit_entry_even_when_it_fails() {
    let app = spawn().await;
    let mut table = expected();
    let mut wrong = Vec::new();
    let mut audited = 0;
    let documented = documented_changes(&app).await;
    for (method, path) in &documented {
        let Some((body, audit)) = table.remove(&(method.as_str(), path.as_str())) else {
            wrong.push(format!(
                "{method} {path} is a documented change without a row here"
            ));
            continue;
        };
        let before = newest_entry_id(&app).await;
        let url = app.admin.url(&concrete(path));
        let mut request = app
            .admin
            .http
            .request(method.parse().unwrap(), url)
            .json(&body);
        if let Some(token) = &app.admin.csrf {
            request = request.header("x-csrf-token", token);
        }
        let status = request.send().await.unwrap().status().as_u16();
        // Sign-out ends the admin's session, so its entry is read by a new one.
        let signed_in_again;
        let reader = if *method == "DELETE" && *path == "/api/v1/session" {
            signed_in_again = app.signed_in(ADMIN).await;
            &signed_in_again
        } else {
            &app.admin
        };
        let page: AuditPage = reader.get_ok("/api/v1/audit").await;
        let new: Vec<_> = page
            .entries
            .iter()
            .filter(|entry| entry.id > before)
            .collect();
        match audit {
            Audit::ReadOnly if new.is_empty() => {}
            Audit::ReadOnly => wrong.push(format!(
                "{method} {path} ({status}) only reads, yet wrote {new:?}"
            )),
            Audit::Entry(action, outcome) => {
                if new
                    .iter()
                    .any(|entry| entry.action == action && entry.outcome == outcome)
                {
                    audited += 1;
                } else {
                    wrong.push(format!(
                        "{method} {path} ({status}): no {outcome:?} {action} entry, only {new:?}"
                    ));
                }
            }
        }
    }
    for (method, path) in table.keys() {
        wrong.push(format!(
            "{method} {path} has a row here but is not documented"
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(audited >= 20, "only {audited} changes audited");
}

#[test]
fn every_audited_change_has_words_in_every_language() {
    for (route, (_, audit)) in expected() {
        if let Audit::Entry(action, _) = audit {
            for language in switchboard_core::Language::ALL {
                let words = switchboard_catalog::catalog(language).audit_words(action);
                assert!(
                    words.is_some(),
                    "{route:?} writes {action}, which {} has no words for",
                    language.tag()
                );
            }
        }
    }
}
