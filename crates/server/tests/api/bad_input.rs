//! Input generators rarely make: half-WhatsApp pairs, very long names, webhook URLs that reach files
//! or carry credentials, and a CSV at the row limit. Each is refused with what to fix, or taken whole.

use crate::common::said::{refused_saying, values};
use crate::common::{Client, expect, spawn};
use serde_json::{Value, json};
use switchboard_core::api::ErrorBody;

fn side(channel: &str, number: &str) -> Value {
    json!({ "name": "Ana", "channel": channel, "number": number, "proxy": null })
}

async fn conversation_count(client: &Client) -> u64 {
    let page: Value = client.get_ok("/api/v1/conversations?page_size=100").await;
    page["conversations"].as_array().unwrap().len() as u64
}

#[tokio::test]
async fn whatsapp_on_one_side_of_a_number_only_is_refused_with_what_to_fix() {
    let app = spawn().await;
    let before = conversation_count(&app.admin).await;
    for (channel, number) in [("sms", "whatsapp:+34611000501"), ("whatsapp", "whatsapp:")] {
        let request = json!({ "friendly_name": "Half WhatsApp", "reference": null,
            "sides": [side(channel, number), side("sms", "+15550100501")] });
        let checked: Value = app
            .admin
            .post_json("/api/v1/pairings/check", &request)
            .await
            .json()
            .await
            .unwrap();
        let problem = checked["sides"][0]["problem"].as_str().unwrap_or_default();
        assert!(
            problem.split(' ').count() > 3,
            "{channel} {number}: {checked}"
        );
        let refused = app.admin.post_json("/api/v1/pairings", &request).await;
        let status = refused.status().as_u16();
        let body: ErrorBody = refused.json().await.unwrap();
        assert!(matches!(status, 409 | 422), "{status} {}", body.message);
        assert!(body.message.starts_with("Ana: "), "{}", body.message);
    }
    let proxy_of_other_channel = json!({ "friendly_name": "Wrong proxy", "reference": null, "sides": [
        { "name": "Ana", "channel": "whatsapp", "number": "+34611000502", "proxy": "+15550109001" },
        side("sms", "+15550100502") ] });
    let refused = app
        .admin
        .post_json("/api/v1/pairings", &proxy_of_other_channel)
        .await;
    let status = refused.status().as_u16();
    let text = refused.text().await.unwrap();
    assert!(matches!(status, 409 | 422), "{status} {text}");
    assert_eq!(conversation_count(&app.admin).await, before);
}

#[tokio::test]
async fn a_two_thousand_character_name_is_refused_in_a_pairing_and_in_an_import_row() {
    let app = spawn().await;
    let long = "N".repeat(2_000);
    let request = json!({ "friendly_name": long, "reference": null,
        "sides": [side("whatsapp", "+34611000503"), side("sms", "+15550100503")] });
    let body: ErrorBody =
        expect(app.admin.post_json("/api/v1/pairings", &request).await, 422).await;
    assert_eq!(
        body.message,
        "Give the conversation a name of 1 to 256 characters."
    );
    let csv = format!(
        "friendly_name,a_channel,a_number,b_channel,b_number\n{long},whatsapp,+34611000504,sms,+15550100504\n"
    );
    let preview: Value = expect(
        app.admin
            .post_json("/api/v1/pairings/imports/preview", &json!({ "csv": csv }))
            .await,
        200,
    )
    .await;
    assert_eq!(preview["valid"], 0, "{preview}");
    let problems = preview["rows"][0]["problems"].to_string();
    assert!(problems.contains("256"), "{problems}");
}

#[tokio::test]
async fn a_webhook_to_a_file_or_with_credentials_in_its_url_is_refused_and_not_registered() {
    let app = spawn().await;
    let page: Value = app.admin.get_ok("/api/v1/conversations").await;
    let sid = page["conversations"][0]["sid"].as_str().unwrap();
    let hooks = format!("/api/v1/conversations/{sid}/webhooks");
    let before: Value = app.admin.get_ok(&hooks).await;
    for url in [
        "file:///etc/passwd",
        "https://user:secret@hooks.example.com/in",
        "https://:secret@hooks.example.com/in",
        "javascript:alert(1)",
        "ftp://files.example.com/hook",
    ] {
        let request = json!({ "target": "webhook", "url": url, "method": "post", "filters": ["onMessageAdded"] });
        let body: ErrorBody = expect(app.admin.post_json(&hooks, &request).await, 422).await;
        assert!(
            body.message.starts_with("The URL "),
            "{url}: {}",
            body.message
        );
    }
    let after: Value = app.admin.get_ok(&hooks).await;
    assert_eq!(before, after);
}

fn rows(count: usize) -> String {
    let mut csv = String::from("\u{feff}friendly_name,a_channel,a_number,b_channel,b_number\r\n");
    for n in 0..count {
        csv.push_str(&format!(
            "Row {n},whatsapp,+3463{n:07},sms,+1555060{n:04}\r\n"
        ));
    }
    csv
}

#[tokio::test]
async fn ten_thousand_rows_are_previewed_whole_and_one_more_is_refused_with_the_limit() {
    let app = spawn().await;
    let preview: Value = expect(
        app.admin
            .post_json(
                "/api/v1/pairings/imports/preview",
                &json!({ "csv": rows(10_000) }),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(
        (
            preview["valid"].as_u64(),
            preview["rows"].as_array().unwrap().len()
        ),
        (Some(10_000), 10_000)
    );
    let body: ErrorBody = expect(
        app.admin
            .post_json(
                "/api/v1/pairings/imports/preview",
                &json!({ "csv": rows(10_001) }),
            )
            .await,
        422,
    )
    .await;
    assert!(body.message.contains("10000 rows"), "{}", body.message);
}

#[tokio::test]
async fn a_malformed_sid_in_a_path_is_a_404_that_says_what_that_sid_looks_like() {
    let app = spawn().await;
    let page: Value = app.admin.get_ok("/api/v1/conversations").await;
    let sid = page["conversations"][0]["sid"].as_str().unwrap();
    let cases = [
        (
            app.admin.get("/api/v1/conversations/order-8812").await,
            "/api/v1/conversations/order-8812",
            "CH",
        ),
        (
            app.admin
                .post_json("/api/v1/conversations/CH123/messages", &json!({}))
                .await,
            "/api/v1/conversations/CH123/messages",
            "CH",
        ),
        (
            app.admin
                .delete(&format!("/api/v1/conversations/{sid}/webhooks/{sid}"))
                .await,
            &format!("/api/v1/conversations/{sid}/webhooks/{sid}"),
            "WH",
        ),
        (
            app.admin
                .post_json(
                    &format!("/api/v1/conversations/{sid}/participants/MB1/reassign"),
                    &json!({}),
                )
                .await,
            &format!("/api/v1/conversations/{sid}/participants/MB1/reassign"),
            "MB",
        ),
    ];
    for (response, path, prefix) in cases {
        let said = refused_saying(response, 404).await;
        assert_eq!(said.key, "nothing_at_sid", "{path}");
        let example = format!("{prefix}0123456789abcdef0123456789abcdef");
        let expected = values(&[("path", path), ("prefix", prefix), ("example", &example)]);
        assert_eq!(said.values, expected);
    }
}
