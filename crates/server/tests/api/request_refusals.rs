//! Requests the API cannot read: a body that is not JSON, a field missing, unknown or of the wrong
//! kind, a query parameter that does not parse, a link whose SID is malformed. Each refusal names a
//! sentence of the catalog with its values, so no page says it in serde's or axum's English. (A
//! malformed SID in a path: `bad_input`.)

use serde_json::json;
use switchboard_catalog::problems;
use switchboard_core::Language;

use crate::common::said::{refused_saying, values};
use crate::common::spawn;

#[tokio::test]
async fn a_body_that_is_not_json_or_not_what_the_route_takes_names_what_to_fix() {
    let app = spawn().await;
    let client = &app.admin;
    let csrf = client.csrf.clone().unwrap();
    let raw = |content_type: &'static str, body: &'static str| {
        client
            .http
            .post(client.url("/api/v1/users"))
            .header("x-csrf-token", &csrf)
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    let said = refused_saying(raw("text/plain", "{}").await.unwrap(), 422).await;
    assert_eq!(said.key, "body_not_json_type");

    let broken = "{\n  \"username\": \"ana\",\n  \"password\" \"x\"\n}";
    let said = refused_saying(raw("application/json", broken).await.unwrap(), 422).await;
    assert_eq!(said.key, "body_not_json");
    assert_eq!(said.values, values(&[("line", "3"), ("column", "14")]));

    let said = refused_saying(raw("application/json", "[1, 2]").await.unwrap(), 422).await;
    assert_eq!(said.key, "body_not_object");

    let missing = client
        .post_json("/api/v1/users", &json!({ "username": "ana" }))
        .await;
    let said = refused_saying(missing, 422).await;
    assert_eq!(said.key, "body_field_missing");
    assert_eq!(said.values, values(&[("field", "password")]));

    let unknown = client
        .put_json(
            "/api/v1/session/language",
            &json!({ "language": "es", "colour": "blue" }),
        )
        .await;
    let said = refused_saying(unknown, 422).await;
    assert_eq!(said.key, "body_field_unknown");
    assert_eq!(said.values, values(&[("field", "colour")]));

    let side = |channel: &str| json!({ "channel": channel, "number": "+15550100001" });
    let wrong = client
        .post_json(
            "/api/v1/pairings",
            &json!({ "friendly_name": "Order 1", "sides": [side("sms"), side("fax")] }),
        )
        .await;
    let said = refused_saying(wrong, 422).await;
    assert_eq!(said.key, "body_field_wrong");
    assert_eq!(said.values, values(&[("field", "sides[1].channel")]));

    let page: serde_json::Value = client.get_ok("/api/v1/conversations").await;
    let sid = page["conversations"][0]["sid"].as_str().unwrap();
    let both = client
        .post_json(
            &format!("/api/v1/conversations/{sid}/messages"),
            &json!({ "body": "Hi", "template": { "content_sid": "HX1", "values": {} } }),
        )
        .await;
    let said = refused_saying(both, 422).await;
    assert_eq!(said.key, "message_one_content");
    assert_eq!(
        problems(Language::English).message_one_content,
        switchboard_core::api::ONE_CONTENT
    );
}

#[tokio::test]
async fn a_query_parameter_that_does_not_parse_is_named_in_a_route_and_in_a_bulk_end() {
    let app = spawn().await;
    let said = refused_saying(app.admin.get("/api/v1/audit?before=yesterday").await, 422).await;
    assert_eq!(said.key, "query_wrong");
    assert_eq!(said.values, values(&[("name", "before")]));

    // A bulk end of every conversation the list matches reads the list's query the same way.
    let bulk = app
        .admin
        .post_json(
            "/api/v1/bulk-ends",
            &json!({ "matching": "?q=order&page_size=lots" }),
        )
        .await;
    let said = refused_saying(bulk, 422).await;
    assert_eq!(said.key, "query_wrong");
    assert_eq!(said.values, values(&[("name", "page_size")]));
}

#[tokio::test]
async fn an_id_too_large_names_nothing_and_a_malformed_sid_in_a_bulk_end_shows_one_well_formed() {
    let app = spawn().await;
    let huge = "/api/v1/users/99999999999999999999999";
    let said = refused_saying(app.admin.patch_json(huge, &json!({})).await, 404).await;
    assert_eq!(said.key, "nothing_at");
    assert_eq!(said.values, values(&[("path", huge)]));

    let bulk = app
        .admin
        .post_json("/api/v1/bulk-ends", &json!({ "sids": ["CH12"] }))
        .await;
    let said = refused_saying(bulk, 422).await;
    assert_eq!(said.key, "not_a_conversation_sid");
    let expected = values(&[
        ("sid", "CH12"),
        ("example", "CH0123456789abcdef0123456789abcdef"),
    ]);
    assert_eq!(said.values, expected);
}
