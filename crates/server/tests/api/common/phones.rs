//! The sandbox's simulated handsets, as the server offers them.

use serde_json::{Value, json};

use super::Client;

/// What `handset` received, oldest first.
pub async fn received(client: &Client, handset: &str) -> Vec<String> {
    let path = format!(
        "/api/v1/sandbox/phones/{}/messages",
        handset.replace('+', "%2B")
    );
    let page: Value = client.get_ok(&path).await;
    page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["direction"] == "received")
        .map(|m| m["body"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// `from` (a handset) writes `body` to the business number `to`.
pub async fn write(client: &Client, from: &str, to: &str, body: &str) {
    let sent = client
        .post_json(
            "/api/v1/sandbox/phones/messages",
            &json!({ "from": from, "to": to, "body": body }),
        )
        .await;
    assert_eq!(sent.status(), 201, "{}", sent.text().await.unwrap());
}

/// Moves the sandbox's clock on by an ISO 8601 duration; its timers fall due as it moves.
pub async fn advance_clock(client: &Client, by: &str) {
    let moved = client
        .post_json("/api/v1/sandbox/controls/clock", &json!({ "advance": by }))
        .await;
    assert!(
        moved.status().is_success(),
        "{}",
        moved.text().await.unwrap()
    );
}
