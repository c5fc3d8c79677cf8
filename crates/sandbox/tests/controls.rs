//! The test-only controls: faults on demand and the simulated clock that runs the timers.

mod common;

use std::time::{Duration, Instant};

use common::*;
use switchboard_sandbox::{SandboxCredentials, SandboxState};

#[tokio::test]
async fn the_controls_are_absent_unless_enabled() {
    let sandbox = start(SandboxState::with_demo_data(SandboxCredentials::generate())).await;
    assert_eq!(
        sandbox
            .post("/sandbox/v1/Clock", &[("Advance", "PT1H")])
            .await
            .status,
        404
    );
    let fault = sandbox
        .post("/sandbox/v1/Faults", &[("Path", "/v1"), ("Type", "5xx")])
        .await;
    assert_eq!(fault.status, 404);
    assert_eq!(sandbox.get("/v1/Conversations").await.status, 200);
}

#[tokio::test]
async fn a_429_fault_says_when_to_retry_and_runs_out_after_its_count() {
    let sandbox = demo().await;
    let added = sandbox
        .post(
            "/sandbox/v1/Faults",
            &[
                ("Path", "/v1/Conversations"),
                ("Type", "429"),
                ("RetryAfter", "2"),
                ("Count", "1"),
            ],
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let limited = sandbox.get("/v1/Conversations").await;
    assert_eq!((limited.status, limited.code()), (429, 20429));
    assert_eq!(limited.headers["retry-after"], "2");
    assert_eq!(sandbox.get("/v1/Conversations").await.status, 200);
}

#[tokio::test]
async fn a_5xx_fault_applies_only_to_its_route_and_method_until_removed() {
    let sandbox = demo().await;
    let added = sandbox
        .post(
            "/sandbox/v1/Faults",
            &[
                ("Path", "/v1/Content"),
                ("Method", "GET"),
                ("Type", "5xx"),
                ("Status", "500"),
            ],
        )
        .await;
    assert_eq!(sandbox.get("/v1/Content").await.status, 500);
    assert_eq!(sandbox.get("/v1/Conversations").await.status, 200);
    let sid = added.body["sid"].as_str().unwrap();
    assert_eq!(
        sandbox
            .delete(&format!("/sandbox/v1/Faults/{sid}"))
            .await
            .status,
        204
    );
    assert_eq!(sandbox.get("/v1/Content").await.status, 200);
}

#[tokio::test]
async fn a_rate_of_zero_never_hits_and_clearing_removes_every_fault() {
    let sandbox = demo().await;
    sandbox
        .post(
            "/sandbox/v1/Faults",
            &[("Path", "/v1"), ("Type", "5xx"), ("Rate", "0")],
        )
        .await;
    for _ in 0..20 {
        assert_eq!(sandbox.get("/v1/Conversations").await.status, 200);
    }
    assert_eq!(
        sandbox.get("/sandbox/v1/Faults").await.body["faults"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(sandbox.delete("/sandbox/v1/Faults").await.status, 204);
    assert!(
        sandbox.get("/sandbox/v1/Faults").await.body["faults"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_latency_fault_slows_the_response_down() {
    let sandbox = demo().await;
    sandbox
        .post(
            "/sandbox/v1/Faults",
            &[
                ("Path", "/v1/Conversations"),
                ("Type", "latency"),
                ("LatencyMs", "300"),
            ],
        )
        .await;
    let started = Instant::now();
    assert_eq!(sandbox.get("/v1/Conversations").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_drop_fault_breaks_the_connection() {
    let sandbox = demo().await;
    sandbox
        .post(
            "/sandbox/v1/Faults",
            &[
                ("Path", "/v1/Conversations"),
                ("Type", "drop"),
                ("Count", "1"),
            ],
        )
        .await;
    let outcome = async {
        let response = reqwest::Client::new()
            .get(sandbox.url("/v1/Conversations"))
            .basic_auth(
                &sandbox.running.account_sid,
                Some(secrecy::ExposeSecret::expose_secret(
                    &sandbox.running.auth_token,
                )),
            )
            .send()
            .await?;
        response.bytes().await
    }
    .await;
    assert!(outcome.is_err(), "the client saw a broken response");
}

#[tokio::test]
async fn timers_move_a_conversation_to_inactive_and_then_closed_as_the_clock_advances() {
    let sandbox = demo().await;
    let created = sandbox
        .post(
            "/v1/Conversations",
            &[
                ("State", "active"),
                ("Timers.Inactive", "PT10M"),
                ("Timers.Closed", "PT2H"),
            ],
        )
        .await;
    let path = format!(
        "/v1/Conversations/{}",
        created.body["sid"].as_str().unwrap()
    );
    sandbox.advance("PT11M").await;
    assert_eq!(sandbox.get(&path).await.body["state"], "inactive");
    sandbox.advance("PT2H").await;
    let closed = sandbox.get(&path).await;
    assert_eq!(closed.body["state"], "closed");
    assert_eq!(
        sandbox.post(&path, &[("State", "active")]).await.code(),
        50377
    );
}

#[tokio::test]
async fn the_clock_reports_how_far_it_was_moved() {
    let sandbox = demo().await;
    sandbox.advance("P1D").await;
    let clock = sandbox.get("/sandbox/v1/Clock").await;
    assert_eq!(clock.body["offset_seconds"], 86_400);
    assert_eq!(
        sandbox
            .post("/sandbox/v1/Clock", &[("Advance", "soon")])
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn an_unreachable_handset_fault_fails_its_messages_with_30003_until_its_count_runs_out() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Unreachable").await;
    let (off, other) = ("+15550100061", "+15550100062");
    assert_eq!(sandbox.add(&sid, off, "+15550109001").await.status, 201);
    assert_eq!(sandbox.add(&sid, other, "+15550109002").await.status, 201);
    let added = sandbox
        .post(
            "/sandbox/v1/Faults",
            &[("Path", off), ("Type", "unreachable"), ("Count", "1")],
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let messages = format!("/v1/Conversations/{sid}/Messages");
    let receipts = async |body: &str| {
        let sent = sandbox.post(&messages, &[("Body", body)]).await;
        assert_eq!(sent.status, 201, "{}", sent.body);
        let path = format!("{messages}/{}/Receipts", sent.body["sid"].as_str().unwrap());
        sandbox.all(&path, "delivery_receipts").await
    };
    let first = receipts("Are you there?").await;
    let failed: Vec<_> = first.iter().filter(|r| r["status"] == "failed").collect();
    assert_eq!(failed.len(), 1, "{first:?}");
    assert_eq!(failed[0]["error_code"], 30003);
    assert!(
        sandbox
            .handset(other)
            .await
            .iter()
            .any(|m| m["body"] == "Are you there?")
    );
    assert!(
        !sandbox
            .handset(off)
            .await
            .iter()
            .any(|m| m["body"] == "Are you there?")
    );

    let second = receipts("Now?").await;
    assert!(
        second.iter().all(|r| r["status"] == "delivered"),
        "{second:?}"
    );
    assert!(
        sandbox
            .handset(off)
            .await
            .iter()
            .any(|m| m["body"] == "Now?")
    );
}
