//! Conversations over HTTP: create, fetch by SID or unique name, update, list, page, delete.

mod common;

use common::*;

#[tokio::test]
async fn a_conversation_can_be_fetched_by_sid_or_by_unique_name() {
    let sandbox = demo().await;
    let created = sandbox
        .post(
            "/v1/Conversations",
            &[("FriendlyName", "Order 9001"), ("UniqueName", "order-9001")],
        )
        .await;
    assert_eq!(created.status, 201);
    let sid = created.body["sid"].as_str().unwrap();
    let by_sid = sandbox.get(&format!("/v1/Conversations/{sid}")).await;
    let by_name = sandbox.get("/v1/Conversations/order-9001").await;
    assert_eq!(by_sid.body, by_name.body);
    assert_eq!(by_name.body["friendly_name"], "Order 9001");
    assert_eq!(
        sandbox
            .get("/v1/Conversations/CH00000000000000000000000000000000")
            .await
            .code(),
        20404
    );
}

#[tokio::test]
async fn an_update_changes_names_attributes_and_state_but_a_closed_conversation_is_final() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Order 9002").await;
    let path = format!("/v1/Conversations/{sid}");
    let updated = sandbox
        .post(
            &path,
            &[
                ("FriendlyName", "Order 9002 — late"),
                ("Attributes", r#"{"late":true}"#),
                ("State", "inactive"),
            ],
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.body["friendly_name"], "Order 9002 — late");
    assert_eq!(updated.body["attributes"], r#"{"late":true}"#);
    assert_eq!(updated.body["state"], "inactive");
    assert_eq!(
        sandbox
            .post(&path, &[("Attributes", "{not json")])
            .await
            .code(),
        50304
    );
    assert_eq!(
        sandbox.post(&path, &[("State", "closed")]).await.status,
        200
    );
    let reopened = sandbox.post(&path, &[("State", "active")]).await;
    assert_eq!((reopened.status, reopened.code()), (400, 50377));
}

#[tokio::test]
async fn timers_are_reported_as_absolute_times() {
    let sandbox = demo().await;
    let created = sandbox
        .post(
            "/v1/Conversations",
            &[
                ("State", "active"),
                ("Timers.Inactive", "PT5M"),
                ("Timers.Closed", "P1D"),
            ],
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert!(
        created.body["timers"]["date_inactive"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    assert!(created.body["timers"]["date_closed"].is_string());
    let too_short = sandbox
        .post(
            "/v1/Conversations",
            &[("State", "active"), ("Timers.Closed", "PT5M")],
        )
        .await;
    assert_eq!((too_short.status, too_short.code()), (400, 20001));
    let without_state = sandbox
        .post("/v1/Conversations", &[("Timers.Closed", "PT2H")])
        .await;
    assert_eq!((without_state.status, without_state.code()), (400, 50382));
}

#[tokio::test]
async fn the_list_filters_by_state_and_creation_date() {
    let sandbox = demo().await;
    let active = sandbox
        .all("/v1/Conversations?State=active", "conversations")
        .await;
    assert!(active.iter().all(|c| c["state"] == "active"));
    assert_eq!(active.len(), 2);
    let closed = sandbox
        .all("/v1/Conversations?State=closed", "conversations")
        .await;
    assert_eq!(
        closed[0]["friendly_name"],
        "Clinic follow-up — patient 2231"
    );
    let future = sandbox
        .all("/v1/Conversations?StartDate=2999-01-01", "conversations")
        .await;
    assert!(future.is_empty());
    let past = sandbox
        .all("/v1/Conversations?EndDate=2000-01-01", "conversations")
        .await;
    assert!(past.is_empty());
    let sids = |list: Vec<serde_json::Value>| -> Vec<String> {
        list.iter()
            .map(|c| c["sid"].as_str().unwrap().to_owned())
            .collect()
    };
    let oldest_first = sids(sandbox.all("/v1/Conversations", "conversations").await);
    let mut newest_first = sids(
        sandbox
            .all("/v1/Conversations?StartDate=2000-01-01", "conversations")
            .await,
    );
    assert_eq!(newest_first.len(), 4);
    newest_first.reverse();
    assert_eq!(
        newest_first, oldest_first,
        "a date range lists newest first"
    );
    assert_eq!(
        sandbox.get("/v1/Conversations?State=gone").await.status,
        400
    );
}

#[tokio::test]
async fn paging_walks_every_page_and_keeps_the_filter_in_next_page_url() {
    let sandbox = demo().await;
    for i in 0..7 {
        sandbox.conversation(&format!("Paged {i}")).await;
    }
    let first = sandbox
        .get("/v1/Conversations?State=active&PageSize=3")
        .await;
    let next = first.body["meta"]["next_page_url"].as_str().unwrap();
    assert!(
        next.contains("State=active") && next.contains("PageToken="),
        "{next}"
    );
    let all = sandbox
        .all("/v1/Conversations?State=active&PageSize=3", "conversations")
        .await;
    assert_eq!(all.len(), 9);
    let mut sids: Vec<_> = all.iter().map(|c| c["sid"].clone()).collect();
    sids.dedup();
    assert_eq!(sids.len(), 9);
}

#[tokio::test]
async fn deleting_a_conversation_removes_it_and_frees_its_number_pairs() {
    let sandbox = demo().await;
    let first = sandbox.conversation("First").await;
    assert_eq!(sandbox.add(&first, "+15550100077", SMS_1).await.status, 201);
    let second = sandbox.conversation("Second").await;
    assert_eq!(
        sandbox.add(&second, "+15550100077", SMS_1).await.code(),
        50416
    );
    let deleted = sandbox.delete(&format!("/v1/Conversations/{first}")).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(
        sandbox
            .get(&format!("/v1/Conversations/{first}"))
            .await
            .status,
        404
    );
    assert_eq!(
        sandbox.add(&second, "+15550100077", SMS_1).await.status,
        201
    );
}

#[tokio::test]
async fn requests_without_the_account_credentials_are_refused() {
    let sandbox = demo().await;
    let response = reqwest::Client::new()
        .get(sandbox.url("/v1/Conversations"))
        .basic_auth(&sandbox.running.account_sid, Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], 20003);
}

#[tokio::test]
async fn a_conversations_fields_are_checked_on_create_and_on_update() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Order 9003").await;
    let long = "x".repeat(257);
    let cases = [
        (
            ("FriendlyName", long.as_str()),
            20001,
            "FriendlyName must be at most 256 characters",
        ),
        (
            ("Timers.Inactive", "PT30S"),
            20001,
            "Timers.Inactive must be at least PT1M",
        ),
        (
            ("Timers.Closed", "PT5M"),
            20001,
            "Timers.Closed must be at least PT10M",
        ),
        (
            ("Timers.Closed", "soon"),
            20001,
            "Timers.Closed must be an ISO 8601 duration, e.g. PT10M or P1D",
        ),
        (("Attributes", "{"), 50304, "Attributes must be valid JSON"),
    ];
    for path in [
        "/v1/Conversations".to_owned(),
        format!("/v1/Conversations/{sid}"),
    ] {
        for (field, code, message) in &cases {
            let reply = sandbox.post(&path, &[*field, ("State", "active")]).await;
            assert_eq!(
                (reply.status, reply.code(), reply.body["message"].as_str()),
                (400, *code, Some(*message)),
                "{path} {field:?}"
            );
        }
    }
}
