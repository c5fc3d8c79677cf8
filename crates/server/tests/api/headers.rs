//! The security headers on every kind of answer: pages, the UI's files, API successes and each kind
//! of refusal, the webhook endpoint, probes.

use crate::common::headers::header_problems;
use crate::common::{Client, spawn};
use reqwest::Method;
use serde_json::{Value, json};

/// A request: who sends it, how, where, and with what JSON body.
type Request<'a> = (&'a Client, Method, &'static str, Option<Value>);

/// Every kind of answer: pages, a UI file, API successes and refusals of each kind, the webhook
/// endpoint, the probes.
fn requests<'a>(anonymous: &'a Client, viewer: &'a Client, admin: &'a Client) -> Vec<Request<'a>> {
    let big = "x".repeat(9 * 1024 * 1024);
    vec![
        (anonymous, Method::GET, "/", None),
        (anonymous, Method::GET, "/conversations/CH0/deep/link", None),
        (anonymous, Method::GET, "/switchboard-ui.js", None),
        (anonymous, Method::GET, "/api/v1/info", None),
        (anonymous, Method::GET, "/api/v1/openapi.json", None),
        (anonymous, Method::GET, "/api/v1/conversations", None),
        (anonymous, Method::GET, "/api/v1/no-such-route", None),
        (anonymous, Method::PATCH, "/api/v1/info", Some(json!({}))),
        (
            anonymous,
            Method::POST,
            "/hooks/twilio/opt-in",
            Some(json!({})),
        ),
        (anonymous, Method::GET, "/healthz", None),
        (anonymous, Method::GET, "/readyz", None),
        (anonymous, Method::GET, "/metrics", None),
        (viewer, Method::GET, "/api/v1/conversations", None),
        (viewer, Method::GET, "/api/v1/users", None),
        (viewer, Method::POST, "/api/v1/pairings", Some(json!({}))),
        (admin, Method::POST, "/api/v1/pairings", Some(json!({}))),
        (
            admin,
            Method::POST,
            "/api/v1/users",
            Some(json!("not an object")),
        ),
        (
            admin,
            Method::GET,
            "/api/v1/conversations?page_size=x",
            None,
        ),
        (
            admin,
            Method::POST,
            "/api/v1/pairings/imports/preview",
            Some(json!({ "csv": big })),
        ),
    ]
}

/// Sends each request with its client's CSRF token; returns every status, and every header problem.
async fn send_all(requests: Vec<Request<'_>>) -> (Vec<u16>, Vec<String>) {
    let mut statuses = Vec::new();
    let mut problems = Vec::new();
    for (client, method, path, body) in requests {
        let mut request = client.http.request(method.clone(), client.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(token) = &client.csrf {
            request = request.header("x-csrf-token", token);
        }
        let response = request.send().await.unwrap();
        statuses.push(response.status().as_u16());
        for problem in header_problems(&response) {
            problems.push(format!(
                "{method} {path} ({}): {problem}",
                response.status()
            ));
        }
    }
    (statuses, problems)
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_csp_nosniff_no_referrer_and_frame_denial() {
    let app = spawn().await;
    let ui = app.server.dir.join("ui");
    std::fs::write(ui.join("switchboard-ui.js"), "export default 1;").unwrap();
    let anonymous = app.anonymous();
    let viewer = app
        .client_with_role(switchboard_core::api::Role::Viewer)
        .await;
    let requests = requests(&anonymous, &viewer, &app.admin);
    let answers = requests.len();
    let (mut statuses, problems) = send_all(requests).await;
    statuses.sort();
    statuses.dedup();
    println!("security headers checked on {answers} answers, statuses {statuses:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for status in [200, 401, 403, 404, 405, 413, 422] {
        assert!(statuses.contains(&status), "no {status} among {statuses:?}");
    }
}
