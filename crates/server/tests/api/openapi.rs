//! The OpenAPI document at /api/v1/openapi.json: it names every route, and real answers match it.

use std::time::Duration;

use crate::common::events::EventStream;
use crate::common::spawn;
use serde_json::{Value, json};
use switchboard_core::api::Event;

struct Document(Value);

impl Document {
    /// The schema problems of `body` as the JSON answer of `method path` with `status`.
    fn errors(&self, method: &str, path: &str, status: u16, body: &Value) -> Vec<String> {
        self.errors_as("application/json", method, path, status, body)
    }

    /// The schema problems of `body` as the answer of `method path` with `status` and `content_type`.
    fn errors_as(
        &self,
        content_type: &str,
        method: &str,
        path: &str,
        status: u16,
        body: &Value,
    ) -> Vec<String> {
        let schema = &self.0["paths"][path][method]["responses"][status.to_string()]["content"]
            [content_type]["schema"];
        assert!(
            schema.is_object(),
            "the document has no {method} {path} {status}"
        );
        let root = json!({ "allOf": [schema], "components": self.0["components"] });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&root)
            .unwrap();
        validator
            .iter_errors(body)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect()
    }
}

#[tokio::test]
async fn the_document_is_public_and_every_route_it_names_exists() {
    let app = spawn().await;
    let doc: Value = reqwest::get(format!("{}/api/v1/openapi.json", app.server.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 20, "{}", paths.len());
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            let concrete = path
                .replace("{sid}", "CH00000000000000000000000000000000")
                .replace("{webhook}", "WH00000000000000000000000000000000")
                .replace("{participant}", "MB00000000000000000000000000000000")
                .replace("{id}", "1")
                .replace("{address}", "%2B15550100001")
                .replace("{fault}", "FA00000000000000000000000000000000");
            let url = app.admin.url(&concrete);
            let request =
                reqwest::Client::new().request(method.to_uppercase().parse().unwrap(), url);
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let missing = status == 405
                || body["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("there is no API route"));
            assert!(!missing, "{method} {path}: {status} {body}");
        }
    }
}

#[tokio::test]
async fn real_answers_match_their_documented_schemas() {
    let app = spawn().await;
    let doc = Document(app.admin.get_ok("/api/v1/openapi.json").await);
    let page: Value = app.admin.get_ok("/api/v1/conversations").await;
    let sid = page["conversations"][0]["sid"].as_str().unwrap().to_owned();
    let answers = [
        ("/api/v1/info", "/api/v1/info"),
        ("/api/v1/session", "/api/v1/session"),
        ("/api/v1/conversations", "/api/v1/conversations"),
        (
            &format!("/api/v1/conversations/{sid}") as &str,
            "/api/v1/conversations/{sid}",
        ),
        ("/api/v1/templates", "/api/v1/templates"),
        ("/api/v1/numbers", "/api/v1/numbers"),
        ("/api/v1/users", "/api/v1/users"),
        ("/api/v1/audit", "/api/v1/audit"),
    ];
    for (url, documented) in answers {
        let body: Value = app.admin.get_ok(url).await;
        let errors = doc.errors("get", documented, 200, &body);
        assert!(errors.is_empty(), "GET {documented}: {errors:?}");
    }
    let refused = app.admin.get("/api/v1/conversations?state=open").await;
    let body: Value = refused.json().await.unwrap();
    assert!(
        doc.errors("get", "/api/v1/conversations", 422, &body)
            .is_empty()
    );
}

#[tokio::test]
async fn streamed_events_match_their_documented_schema() {
    let app = spawn().await;
    let doc = Document(app.admin.get_ok("/api/v1/openapi.json").await);
    let mut stream = EventStream::open(&app.admin).await;
    let csv = json!({ "csv": crate::events::CSV });
    let started: Value = crate::common::expect(
        app.admin.post_json("/api/v1/pairings/imports", &csv).await,
        202,
    )
    .await;
    let finished = Event::finished(started["id"].as_i64().unwrap());
    let events = stream
        .until(Duration::from_secs(20), |e| *e == finished)
        .await;
    assert!(events.len() > 2, "{events:?}");
    for event in events {
        let body = serde_json::to_value(&event).unwrap();
        let errors = doc.errors_as("text/event-stream", "get", "/api/v1/events", 200, &body);
        assert!(errors.is_empty(), "{body}: {errors:?}");
    }
    let not_an_event = json!({ "kind": "import_finished" });
    assert!(
        !doc.errors_as(
            "text/event-stream",
            "get",
            "/api/v1/events",
            200,
            &not_an_event
        )
        .is_empty()
    );
}
