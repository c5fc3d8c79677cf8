//! Stopping the server as a service manager does, with SIGTERM: the request in flight is answered,
//! no new one is taken, open event streams end, and the process exits successfully.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::events::EventStream;
use crate::common::process::ServerProcess;
use crate::common::{ADMIN, INDEX_HTML, PASSWORD, SETUP_TOKEN};

#[tokio::test]
async fn sigterm_answers_the_request_in_flight_then_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX_HTML).unwrap();
    let sandbox_db = dir.path().join("sandbox.db");
    let env = [
        ("SWITCHBOARD_SANDBOX_DB", sandbox_db.to_str().unwrap()),
        ("SWITCHBOARD_SANDBOX_TEST_CONTROLS", "true"),
    ];
    let server = ServerProcess::start(
        &crate::common::database::fresh(dir.path()).await,
        dir.path(),
        &env,
    );
    let setup = json!({ "token": SETUP_TOKEN, "username": ADMIN, "password": PASSWORD });
    let first = server.anonymous();
    assert_eq!(first.post_json("/api/v1/setup", &setup).await.status(), 201);
    let mut admin = server.anonymous();
    admin.sign_in(ADMIN, PASSWORD).await.unwrap();
    let list: serde_json::Value = admin.get_ok("/api/v1/conversations").await;
    let sid = list["conversations"][0]["sid"]
        .as_str()
        .expect("the demo data has a conversation")
        .to_owned();
    // Twilio answers 1.5 s late, so reading a conversation is still in flight at SIGTERM.
    let slow = json!({ "path": "/v1/Conversations", "type": "latency", "latency_ms": 1500 });
    let fault = admin
        .post_json("/api/v1/sandbox/controls/faults", &slow)
        .await;
    assert_eq!(fault.status(), 201);

    // An open page's event stream, which would never end by itself.
    let mut events = EventStream::open(&admin).await;
    let started = Instant::now();
    let in_flight = tokio::spawn(
        admin
            .http
            .get(admin.url(&format!("/api/v1/conversations/{sid}")))
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.terminate();

    let answer = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(answer.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(1500));
    let base = server.base.clone();
    let (status, log) = server.wait_for_exit(Duration::from_secs(10));
    let log = String::from_utf8_lossy(&log);
    assert!(status.is_some_and(|s| s.success()), "{status:?}\n{log}");
    assert!(log.contains("stopping"), "{log}");
    // Events sent before the stop (the mirror's first walk) may still be buffered; then it ends.
    events.ended(Duration::from_secs(1)).await;
    assert!(reqwest::get(format!("{base}/healthz")).await.is_err());
}
