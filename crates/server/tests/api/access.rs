//! Who gets what: every route of the OpenAPI document, read from the running server, against each
//! kind of caller; changes from another site.

use crate::common;

use std::collections::BTreeMap;

use crate::common::headers::header_problems;
use crate::common::{ADMIN, TestApp, spawn};
use reqwest::Method;
use serde_json::{Value, json};
use switchboard_core::api::{Role, SessionInfo, UserUpdate};

const CALLERS: [&str; 6] = [
    "no session",
    "viewer",
    "operator",
    "admin",
    "disabled",
    "expired",
];

/// Who may call a route, and what an allowed caller gets for the matrix's harmless request (a real
/// conversation for reads; an unknown one, or an empty body, for changes, so nothing changes).
#[derive(Clone, Copy)]
enum Allowed {
    Anyone(u16),
    AtLeast(Role, u16),
}

fn expected_access() -> BTreeMap<(&'static str, &'static str), Allowed> {
    use Allowed::*;
    use Role::*;
    BTreeMap::from([
        (("GET", "/api/v1/info"), Anyone(200)),
        (("POST", "/api/v1/setup"), Anyone(422)),
        (("POST", "/api/v1/session"), Anyone(422)),
        (("GET", "/api/v1/session"), AtLeast(Viewer, 200)),
        (("DELETE", "/api/v1/session"), AtLeast(Viewer, 204)),
        (("POST", "/api/v1/session/password"), AtLeast(Viewer, 422)),
        (("GET", "/api/v1/languages/{tag}"), Anyone(200)),
        (("PUT", "/api/v1/session/language"), AtLeast(Viewer, 422)),
        (("GET", "/api/v1/users"), AtLeast(Admin, 200)),
        (("POST", "/api/v1/users"), AtLeast(Admin, 422)),
        (("PATCH", "/api/v1/users/{id}"), AtLeast(Admin, 404)),
        (("GET", "/api/v1/audit"), AtLeast(Viewer, 200)),
        (("GET", "/api/v1/events"), AtLeast(Viewer, 200)),
        (("GET", "/api/v1/conversations"), AtLeast(Viewer, 200)),
        (("GET", "/api/v1/attention"), AtLeast(Viewer, 200)),
        (("GET", "/api/v1/conversations/{sid}"), AtLeast(Viewer, 200)),
        (
            ("GET", "/api/v1/conversations/{sid}/transcript"),
            AtLeast(Viewer, 404),
        ),
        (
            ("DELETE", "/api/v1/conversations/{sid}"),
            AtLeast(Admin, 404),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/close"),
            AtLeast(Operator, 404),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/messages"),
            AtLeast(Operator, 404),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/extend"),
            AtLeast(Operator, 422),
        ),
        (("GET", "/api/v1/settings"), AtLeast(Viewer, 200)),
        (("POST", "/api/v1/bulk-ends"), AtLeast(Operator, 422)),
        (("GET", "/api/v1/bulk-ends/{id}"), AtLeast(Viewer, 404)),
        (("PUT", "/api/v1/settings"), AtLeast(Admin, 422)),
        (
            ("POST", "/api/v1/conversations/{sid}/opt-in"),
            AtLeast(Operator, 422),
        ),
        (
            (
                "POST",
                "/api/v1/conversations/{sid}/participants/{participant}/reassign",
            ),
            AtLeast(Operator, 422),
        ),
        (
            ("GET", "/api/v1/conversations/{sid}/webhooks"),
            AtLeast(Viewer, 200),
        ),
        (
            ("POST", "/api/v1/conversations/{sid}/webhooks"),
            AtLeast(Operator, 422),
        ),
        (
            ("PUT", "/api/v1/conversations/{sid}/webhooks/{webhook}"),
            AtLeast(Operator, 422),
        ),
        (
            ("DELETE", "/api/v1/conversations/{sid}/webhooks/{webhook}"),
            AtLeast(Operator, 404),
        ),
        (("POST", "/api/v1/pairings/check"), AtLeast(Viewer, 422)),
        (("POST", "/api/v1/pairings"), AtLeast(Operator, 422)),
        (("GET", "/api/v1/numbers"), AtLeast(Viewer, 200)),
        (("GET", "/api/v1/numbers/usage"), AtLeast(Viewer, 200)),
        (("GET", "/api/v1/numbers/free"), AtLeast(Viewer, 422)),
        (
            ("POST", "/api/v1/sandbox/controls/numbers"),
            AtLeast(Admin, 422),
        ),
        (
            ("POST", "/api/v1/pairings/imports/preview"),
            AtLeast(Viewer, 422),
        ),
        (("POST", "/api/v1/pairings/imports"), AtLeast(Operator, 422)),
        (
            ("GET", "/api/v1/pairings/imports/{id}"),
            AtLeast(Viewer, 404),
        ),
        (("GET", "/api/v1/templates"), AtLeast(Viewer, 200)),
        (("POST", "/api/v1/templates/preview"), AtLeast(Viewer, 422)),
        (("GET", "/api/v1/sandbox/phones"), AtLeast(Viewer, 200)),
        (
            ("GET", "/api/v1/sandbox/phones/{address}/messages"),
            AtLeast(Viewer, 200),
        ),
        (
            ("POST", "/api/v1/sandbox/phones/messages"),
            AtLeast(Operator, 422),
        ),
        (
            ("GET", "/api/v1/sandbox/webhook-deliveries"),
            AtLeast(Viewer, 200),
        ),
        (("GET", "/api/v1/mirror"), AtLeast(Viewer, 200)),
        (("POST", "/api/v1/mirror/walk"), AtLeast(Admin, 202)),
        (("POST", "/api/v1/mirror/reconcile"), AtLeast(Admin, 200)),
        (("GET", "/api/v1/account-events"), AtLeast(Admin, 200)),
        (
            ("POST", "/api/v1/account-events/connect"),
            AtLeast(Admin, 409),
        ),
        (
            ("GET", "/api/v1/sandbox/controls/clock"),
            AtLeast(Admin, 200),
        ),
        (
            ("POST", "/api/v1/sandbox/controls/clock"),
            AtLeast(Admin, 422),
        ),
        (
            ("GET", "/api/v1/sandbox/controls/faults"),
            AtLeast(Admin, 200),
        ),
        (
            ("POST", "/api/v1/sandbox/controls/faults"),
            AtLeast(Admin, 422),
        ),
        (
            ("DELETE", "/api/v1/sandbox/controls/faults"),
            AtLeast(Admin, 204),
        ),
        (
            ("DELETE", "/api/v1/sandbox/controls/faults/{fault}"),
            AtLeast(Admin, 404),
        ),
    ])
}

/// Every operation of the running server's document, `DELETE /api/v1/session` last (it signs out).
async fn documented_operations(app: &TestApp) -> Vec<(String, String)> {
    let doc: Value = app.anonymous().get_ok("/api/v1/openapi.json").await;
    let mut operations: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(|method| (method.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    operations.sort_by_key(|(method, path)| {
        (
            method == "DELETE" && path == "/api/v1/session",
            path.clone(),
        )
    });
    operations
}

struct Callers {
    clients: Vec<common::Client>,
}

impl Callers {
    async fn sign_in_all(app: &TestApp) -> Callers {
        let viewer = app.client_with_role(Role::Viewer).await;
        let operator = app.client_with_role(Role::Operator).await;
        let admin = app.signed_in(ADMIN).await;
        app.add_user("disabled", Role::Admin).await;
        let disabled = app.signed_in("disabled").await;
        let me: SessionInfo = disabled.get_ok("/api/v1/session").await;
        let update = UserUpdate {
            disabled: Some(true),
            ..UserUpdate::default()
        };
        let path = format!("/api/v1/users/{}", me.user.id);
        assert_eq!(app.admin.patch_json(&path, &update).await.status(), 200);
        app.add_user("expired", Role::Admin).await;
        let expired = app.signed_in("expired").await;
        let db = app.server.database().await;
        sqlx::query(
            "UPDATE sessions SET expires_at = 0 WHERE user_id = (SELECT id FROM users WHERE username = 'expired')",
        )
        .execute(&db)
        .await
        .unwrap();
        Callers {
            clients: vec![app.anonymous(), viewer, operator, admin, disabled, expired],
        }
    }
}

fn concrete(method: &str, path: &str, conversation: &str) -> String {
    let read =
        method == "GET" && (path == "/api/v1/conversations/{sid}" || path.ends_with("/webhooks"));
    let sid = if read {
        conversation
    } else {
        "CH00000000000000000000000000000000"
    };
    path.replace("{sid}", sid)
        .replace("{webhook}", "WH00000000000000000000000000000000")
        .replace("{participant}", "MB00000000000000000000000000000000")
        .replace("{id}", "999999")
        .replace("{address}", "whatsapp:+34600000001")
        .replace("{fault}", "FA00000000000000000000000000000000")
        .replace("{tag}", "pt-BR")
}

fn expected(allowed: Allowed, caller: usize) -> u16 {
    let role = match caller {
        1 => Some(Role::Viewer),
        2 => Some(Role::Operator),
        3 => Some(Role::Admin),
        _ => None,
    };
    match (allowed, role) {
        (Allowed::Anyone(status), _) => status,
        (Allowed::AtLeast(..), None) => 401,
        (Allowed::AtLeast(needed, ok), Some(role)) if role >= needed => ok,
        (Allowed::AtLeast(..), Some(_)) => 403,
    }
}

fn streams(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"))
}

#[tokio::test]
async fn every_documented_route_answers_each_kind_of_caller_exactly_as_it_should() {
    let app = spawn().await;
    let page: Value = app.admin.get_ok("/api/v1/conversations").await;
    let conversation = page["conversations"][0]["sid"].as_str().unwrap().to_owned();
    let callers = Callers::sign_in_all(&app).await;
    let mut table = expected_access();
    let documented = documented_operations(&app).await;
    let mut wrong = Vec::new();
    let mut cells = 0;
    for (method, path) in &documented {
        let Some(allowed) = table.remove(&(method.as_str(), path.as_str())) else {
            wrong.push(format!(
                "{method} {path} is documented but has no row in the matrix"
            ));
            continue;
        };
        let url_path = concrete(method, path, &conversation);
        for (caller, client) in callers.clients.iter().enumerate() {
            let mut request = client
                .http
                .request(method.parse::<Method>().unwrap(), client.url(&url_path));
            if method != "GET" {
                request = request.json(&json!({}));
            }
            if let Some(token) = &client.csrf {
                request = request.header("x-csrf-token", token);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            for problem in header_problems(&response) {
                wrong.push(format!("{method} {path} as {}: {problem}", CALLERS[caller]));
            }
            // An event stream never ends by itself: its headers are the answer.
            let body: Value = if streams(&response) {
                Value::Null
            } else {
                response.json().await.unwrap_or(Value::Null)
            };
            cells += 1;
            let want = expected(allowed, caller);
            if status != want {
                wrong.push(format!(
                    "{method} {path} as {}: {status}, expected {want}: {body}",
                    CALLERS[caller]
                ));
            } else if status >= 400 && body["message"].as_str().is_none_or(str::is_empty) {
                wrong.push(format!(
                    "{method} {path} as {}: {status} without a sentence",
                    CALLERS[caller]
                ));
            }
        }
    }
    for (method, path) in table.keys() {
        wrong.push(format!(
            "{method} {path} has a row in the matrix but is not documented"
        ));
    }
    println!("access matrix: {cells} cells, {} wrong", wrong.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(cells, documented.len() * CALLERS.len());
}

#[tokio::test]
async fn every_documented_change_from_another_site_or_without_the_csrf_token_is_refused() {
    let app = spawn().await;
    let mut refused = 0;
    for (method, path) in documented_operations(&app).await {
        if method == "GET" {
            continue;
        }
        let url = app.admin.url(&concrete(
            &method,
            &path,
            "CH00000000000000000000000000000000",
        ));
        let token = app.admin.csrf.clone().unwrap();
        let forgeries = [
            ("no CSRF token", None, None),
            (
                "a foreign Origin",
                Some(("origin", "https://attacker.example")),
                Some(&token),
            ),
            (
                "Sec-Fetch-Site cross-site",
                Some(("sec-fetch-site", "cross-site")),
                Some(&token),
            ),
            (
                "Sec-Fetch-Site same-site",
                Some(("sec-fetch-site", "same-site")),
                Some(&token),
            ),
        ];
        for (what, header, csrf) in forgeries {
            let public = path == "/api/v1/session" || path == "/api/v1/setup";
            if public && header.is_none() {
                continue;
            }
            let mut request = app
                .admin
                .http
                .request(method.parse::<Method>().unwrap(), &url)
                .json(&json!({}));
            if let Some((name, value)) = header {
                request = request.header(name, value);
            }
            if let Some(token) = csrf {
                request = request.header("x-csrf-token", token);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap();
            assert_eq!(
                (status, body["code"].as_str()),
                (403, Some("cross_site")),
                "{method} {path} with {what}: {body}"
            );
            refused += 1;
        }
    }
    println!("cross-site changes refused: {refused}");
    let changes = documented_operations(&app)
        .await
        .into_iter()
        .filter(|(method, _)| method != "GET")
        .count();
    assert!(changes >= 20, "only {changes} documented changes");
    assert!(refused >= changes * 3, "only {refused} refusals counted");
    assert_eq!(app.admin.get("/api/v1/session").await.status(), 200);
}
