//! Listing, searching, paging and opening conversations; conversation-scoped webhooks.

use crate::common;

use crate::common::upstream::RecordedUpstream;
use crate::common::{TestApp, expect, spawn};
use futures_util::StreamExt;
use serde_json::json;
use switchboard_core::Channel;
use switchboard_core::api::{
    ConversationDetail, ConversationPage, ConversationState, ErrorBody, WebhookView,
};

/// Whether searching Robert's number lists the demo's "Order 8812".
async fn robert_is_found_by_phone(client: &common::Client) -> bool {
    let by_number: ConversationPage = client
        .get_ok("/api/v1/conversations?q=%2B34%20600%20000%20001")
        .await;
    by_number
        .conversations
        .iter()
        .any(|c| c.friendly_name.as_deref() == Some("Order 8812 — Robert ⇄ Alicia"))
}

#[tokio::test]
async fn each_row_shows_its_pairing_and_whatsapp_window() {
    let app = spawn().await;
    let page: ConversationPage = app.admin.get_ok("/api/v1/conversations").await;
    let order = page
        .conversations
        .iter()
        .find(|c| c.friendly_name.as_deref() == Some("Order 8812 — Robert ⇄ Alicia"))
        .unwrap();
    assert_eq!(order.reference.as_deref(), Some("8812"));
    let channels: Vec<_> = order.participants.iter().map(|p| p.channel).collect();
    assert!(channels.contains(&Some(Channel::Sms)) && channels.contains(&Some(Channel::Whatsapp)));
    let robert = order
        .participants
        .iter()
        .find(|p| p.channel == Some(Channel::Whatsapp))
        .unwrap();
    assert!(robert.window.is_some(), "a WhatsApp side shows its window");
    let alicia = order
        .participants
        .iter()
        .find(|p| p.channel == Some(Channel::Sms))
        .unwrap();
    assert_eq!(alicia.window, None);
}

#[tokio::test]
async fn the_list_filters_by_state_searches_by_name_or_number_and_pages() {
    let app = spawn().await;
    let closed: ConversationPage = app.admin.get_ok("/api/v1/conversations?state=closed").await;
    assert!(!closed.conversations.is_empty());
    assert!(
        closed
            .conversations
            .iter()
            .all(|c| c.state == ConversationState::Closed)
    );

    let by_name: ConversationPage = app.admin.get_ok("/api/v1/conversations?q=elm%20st").await;
    assert_eq!(by_name.conversations.len(), 1);
    assert!(
        by_name.conversations[0]
            .friendly_name
            .as_deref()
            .unwrap()
            .contains("14 Elm St")
    );

    assert!(robert_is_found_by_phone(&app.admin).await);

    let first: ConversationPage = app.admin.get_ok("/api/v1/conversations?page_size=2").await;
    assert_eq!(first.conversations.len(), 2);
    let cursor = first
        .next_page
        .clone()
        .expect("more than two demo conversations");
    let second: ConversationPage = app
        .admin
        .get_ok(&format!("/api/v1/conversations?page_size=2&page={cursor}"))
        .await;
    assert!(!second.conversations.is_empty());
    assert!(
        second
            .conversations
            .iter()
            .all(|c| first.conversations.iter().all(|f| f.sid != c.sid))
    );

    let bad: ErrorBody = expect(
        app.admin
            .get("/api/v1/conversations?page=http%3A%2F%2Fevil")
            .await,
        422,
    )
    .await;
    assert!(
        bad.message.starts_with("page is not a cursor"),
        "{}",
        bad.message
    );
    let bad_state: ErrorBody =
        expect(app.admin.get("/api/v1/conversations?state=open").await, 422).await;
    assert_eq!(
        bad_state.message,
        "state \"open\" is not one of active, inactive, closed."
    );
}

#[tokio::test]
async fn the_list_and_a_name_search_start_from_the_newest_conversations() {
    let upstream = RecordedUpstream::start().await;
    let app = TestApp::spawn_with(upstream.upstream()).await;
    let sandbox = upstream.sandbox_client();
    // More conversations than a name search reads, all newer than the demo ones.
    futures_util::stream::iter(0..1_000)
        .for_each_concurrent(16, |n| {
            let sandbox = &sandbox;
            async move {
                let name = format!("Filler {n:04}");
                let response = sandbox
                    .post("/v1/Conversations", &[("FriendlyName", name.as_str())])
                    .await;
                assert_eq!(response.status(), 201);
            }
        })
        .await;
    let newest = sandbox
        .post("/v1/Conversations", &[("FriendlyName", "Newest — Kiosk 7")])
        .await;
    assert_eq!(newest.status(), 201);

    let first: ConversationPage = app.admin.get_ok("/api/v1/conversations").await;
    assert_eq!(
        first.conversations[0].friendly_name.as_deref(),
        Some("Newest — Kiosk 7")
    );
    let found: ConversationPage = app.admin.get_ok("/api/v1/conversations?q=kiosk%207").await;
    assert_eq!(found.conversations.len(), 1);
    assert!(
        robert_is_found_by_phone(&app.admin).await,
        "a phone search still finds a conversation older than the newest thousand"
    );
}

#[tokio::test]
async fn the_detail_shows_the_timeline_oldest_first_with_delivery_states() {
    let app = spawn().await;
    let page: ConversationPage = app
        .admin
        .get_ok("/api/v1/conversations?q=Order%208812")
        .await;
    let detail: ConversationDetail = app
        .admin
        .get_ok(&format!(
            "/api/v1/conversations/{}",
            page.conversations[0].sid
        ))
        .await;
    assert!(detail.messages.len() >= 2);
    assert!(detail.messages.windows(2).all(|w| w[0].index < w[1].index));
    assert!(
        detail.messages.iter().all(|m| !m.deliveries.is_empty()),
        "{:?}",
        detail.messages
    );
}

fn hook(url: &str) -> serde_json::Value {
    json!({ "target": "webhook", "url": url, "method": "POST", "filters": ["onMessageAdded", "onDeliveryUpdated"] })
}

/// Asks for a webhook to `url` on the conversation whose webhooks are at `path`, expecting `status`.
async fn add_hook<T: serde::de::DeserializeOwned>(
    client: &common::Client,
    path: &str,
    url: &str,
    status: u16,
) -> T {
    expect(client.post_json(path, &hook(url)).await, status).await
}

#[tokio::test]
async fn scoped_webhooks_are_checked_limited_to_five_and_deleted() {
    let app = spawn().await;
    let page: ConversationPage = app
        .admin
        .get_ok("/api/v1/conversations?q=Order%208813")
        .await;
    let path = format!(
        "/api/v1/conversations/{}/webhooks",
        page.conversations[0].sid
    );

    let refused: ErrorBody = add_hook(&app.admin, &path, "file:///etc/passwd", 422).await;
    assert!(
        refused
            .message
            .starts_with("The URL must start with https://"),
        "{}",
        refused.message
    );
    let refused: ErrorBody = add_hook(
        &app.admin,
        &path,
        "https://user:secret@example.com/hook",
        422,
    )
    .await;
    assert!(refused.message.contains("user name or password"));

    let mut made = Vec::new();
    for n in 0..5 {
        let url = format!("https://example.com/hook/{n}");
        let view: WebhookView = add_hook(&app.admin, &path, &url, 201).await;
        assert_eq!(view.filters, ["onMessageAdded", "onDeliveryUpdated"]);
        assert_eq!(view.method.as_deref(), Some("post"));
        made.push(view.sid);
    }
    let sixth: ErrorBody = add_hook(&app.admin, &path, "https://example.com/hook/6", 409).await;
    assert!(
        sixth.message.contains("already has 5 webhooks"),
        "{}",
        sixth.message
    );

    let updated = json!({ "target": "webhook", "url": "https://example.com/moved", "method": "GET", "filters": ["onMessageAdded"] });
    let view: WebhookView = expect(
        app.admin
            .put_json(&format!("{path}/{}", made[0]), &updated)
            .await,
        200,
    )
    .await;
    assert_eq!(
        (view.url.as_deref(), view.method.as_deref()),
        (Some("https://example.com/moved"), Some("get"))
    );
    assert_eq!(
        app.admin
            .delete(&format!("{path}/{}", made[1]))
            .await
            .status(),
        204
    );
    let left: Vec<WebhookView> = app.admin.get_ok(&path).await;
    assert_eq!(left.len(), 4);
}

#[tokio::test]
async fn the_embedded_sandbox_keeps_its_account_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox_db = dir.path().join("sandbox.db");
    let keep =
        |config: &mut switchboard_server::Config| config.sandbox_db = Some(sandbox_db.clone());
    let first =
        common::TestServer::start_configured(switchboard_server::Upstream::Sandbox, keep).await;
    let admin = first.set_up_admin().await;
    let page: ConversationPage = admin.get_ok("/api/v1/conversations?q=Order%208813").await;
    let sid = page.conversations[0].sid.clone();
    assert_eq!(
        admin
            .post_json(&format!("/api/v1/conversations/{sid}/close"), &())
            .await
            .status(),
        204
    );

    let second =
        common::TestServer::start_configured(switchboard_server::Upstream::Sandbox, keep).await;
    let admin = second.set_up_admin().await;
    let detail: ConversationDetail = admin.get_ok(&format!("/api/v1/conversations/{sid}")).await;
    assert_eq!(detail.conversation.state, ConversationState::Closed);
    // The seed is laid once: a restart shows the same conversations, not a second copy.
    let all: ConversationPage = admin.get_ok("/api/v1/conversations?page_size=100").await;
    let mut names: Vec<_> = all
        .conversations
        .iter()
        .filter_map(|c| c.friendly_name.clone())
        .collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "the demo account was seeded twice");
}
