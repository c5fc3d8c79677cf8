//! Reading and changing the configuration at both levels, and Twilio's refusals of bad settings.

use serde_json::json;

use super::chat_service;
use crate::common::*;

#[tokio::test]
async fn the_account_level_starts_empty_and_keeps_what_is_set() {
    let sandbox = demo().await;
    let before = sandbox.get("/v1/Configuration/Webhooks").await;
    assert_eq!(before.status, 200);
    assert_eq!(before.body["method"], "POST");
    assert_eq!(before.body["filters"], json!([]));
    assert_eq!(before.body["post_webhook_url"], json!(null));
    assert_eq!(before.body["target"], "webhook");
    assert_eq!(before.body["account_sid"], sandbox.running.account_sid);
    assert_eq!(
        before.body["url"],
        sandbox.url("/v1/Configuration/Webhooks")
    );

    let set = sandbox
        .post(
            "/v1/Configuration/Webhooks",
            &[
                ("Method", "get"),
                ("Filters", "onMessageAdded"),
                ("Filters", "onConversationAdded"),
                ("PreWebhookUrl", "https://example.com/pre"),
                ("PostWebhookUrl", "https://example.com/post?x=1"),
                ("Target", "webhook"),
            ],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.body["method"], "GET");
    assert_eq!(
        set.body["filters"],
        json!(["onMessageAdded", "onConversationAdded"])
    );
    assert_eq!(set.body["pre_webhook_url"], "https://example.com/pre");
    assert_eq!(set.body["post_webhook_url"], "https://example.com/post?x=1");
    let after = sandbox.get("/v1/Configuration/Webhooks").await;
    assert_eq!(after.body, set.body);

    let only_method = sandbox
        .post("/v1/Configuration/Webhooks", &[("Method", "POST")])
        .await;
    assert_eq!(only_method.body["method"], "POST");
    assert_eq!(
        only_method.body["filters"], set.body["filters"],
        "fields left out are kept"
    );
    let cleared = sandbox
        .post("/v1/Configuration/Webhooks", &[("PostWebhookUrl", "")])
        .await;
    assert_eq!(cleared.body["post_webhook_url"], json!(null));
}

#[tokio::test]
async fn the_service_level_is_the_default_services_and_no_other() {
    let sandbox = demo().await;
    let service = chat_service(&sandbox).await;
    assert!(service.starts_with("IS"));
    let path = format!("/v1/Services/{service}/Configuration/Webhooks");
    let before = sandbox.get(&path).await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert_eq!(before.body["chat_service_sid"], service);
    assert_eq!(before.body["post_webhook_url"], json!(null));

    let set = sandbox
        .post(
            &path,
            &[
                ("PostWebhookUrl", "http://127.0.0.1:9/post"),
                ("Filters", "onParticipantAdded"),
                ("Method", "GET"),
            ],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.body["post_webhook_url"], "http://127.0.0.1:9/post");
    assert_eq!(set.body["filters"], json!(["onParticipantAdded"]));
    assert_eq!(set.body["method"], "GET");
    assert_eq!(sandbox.get(&path).await.body, set.body);
    assert_eq!(
        sandbox.get("/v1/Configuration/Webhooks").await.body["post_webhook_url"],
        json!(null),
        "the account level is a setting of its own"
    );

    let other = "/v1/Services/IS00000000000000000000000000000000/Configuration/Webhooks";
    for reply in [
        sandbox.get(other).await,
        sandbox.post(other, &[("Method", "GET")]).await,
    ] {
        assert_eq!(reply.status, 404, "{}", reply.body);
        assert_eq!(reply.code(), 20404);
    }
}

#[tokio::test]
async fn bad_settings_are_refused_with_a_sentence_and_change_nothing() {
    let sandbox = demo().await;
    let service = chat_service(&sandbox).await;
    let service_path = format!("/v1/Services/{service}/Configuration/Webhooks");
    let account = "/v1/Configuration/Webhooks";
    let cases: [(&str, (&str, &str), &str); 7] = [
        (account, ("PostWebhookUrl", "/events"), "PostWebhookUrl"),
        (
            account,
            ("PreWebhookUrl", "ftp://example.com/x"),
            "PreWebhookUrl",
        ),
        (account, ("Filters", "onMessageSent"), "onMessageSent"),
        (account, ("Method", "PUT"), "GET or POST"),
        (account, ("Target", "studio"), "webhook or flex"),
        (&service_path, ("Filters", "onUserAdded"), "onUserAdded"),
        (
            &service_path,
            ("PostWebhookUrl", "example.com"),
            "PostWebhookUrl",
        ),
    ];
    for (path, field, names) in cases {
        let reply = sandbox.post(path, &[field]).await;
        assert_eq!(reply.status, 400, "{field:?}: {}", reply.body);
        assert_eq!(reply.code(), 20001, "{field:?}");
        let message = reply.body["message"].as_str().unwrap();
        assert!(message.contains(names), "{field:?}: {message}");
    }
    let account_now = sandbox.get(account).await.body;
    assert_eq!(account_now["filters"], json!([]));
    assert_eq!(account_now["post_webhook_url"], json!(null));
    assert_eq!(account_now["method"], "POST");
    assert_eq!(sandbox.get(&service_path).await.body["filters"], json!([]));
}
