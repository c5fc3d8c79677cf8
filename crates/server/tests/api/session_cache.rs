//! A person who keeps using the dashboard is still refused within 2 s of a change made outside this
//! server: their account disabled by `switchboard user`, or their role changed by another server on
//! the same database. The session cache must not keep an active session's record alive.

use std::process::Command;
use std::time::{Duration, Instant};

use switchboard_core::api::{Role, SessionInfo, UserUpdate};

use crate::common::process::ServerProcess;
use crate::common::{ADMIN, INDEX_HTML, PASSWORD, spawn};

/// Longer than the cache's 2 s, with room for a loaded machine.
const SEEN_WITHIN: Duration = Duration::from_secs(3);

/// Calls `path` every 0.2 s until it answers `refused`, for at most 8 s; how long that took.
async fn polled_until(
    client: &crate::common::Client,
    path: &str,
    refused: u16,
) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(8) {
        if client.get(path).await.status().as_u16() == refused {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

/// Keeps `client` busy for a second, so its session is cached and in use.
async fn keep_busy(client: &crate::common::Client, path: &str) {
    for _ in 0..5 {
        assert_eq!(client.get(path).await.status(), 200);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_person_disabled_by_the_user_command_is_refused_within_two_seconds_while_still_active() {
    let app = spawn().await;
    app.add_user("rider", Role::Operator).await;
    let rider = app.signed_in("rider").await;
    keep_busy(&rider, "/api/v1/session").await;

    let output = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["user", "disable", "rider", "--db"])
        .arg(app.server.db.expose_as_arg())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");

    let took = polled_until(&rider, "/api/v1/session", 401).await;
    assert!(
        took.is_some_and(|took| took < SEEN_WITHIN),
        "still accepted {took:?} after the account was disabled"
    );
}

#[tokio::test]
async fn a_role_lowered_by_another_server_on_the_same_database_is_applied_within_two_seconds() {
    let app = spawn().await;
    app.add_user("lead", Role::Admin).await;
    let lead = app.signed_in("lead").await;
    keep_busy(&lead, "/api/v1/users").await;

    let ui = tempfile::tempdir().unwrap();
    std::fs::write(ui.path().join("index.html"), INDEX_HTML).unwrap();
    let sandbox_db = ui.path().join("sandbox.db");
    let env = [("SWITCHBOARD_SANDBOX_DB", sandbox_db.to_str().unwrap())];
    let other = ServerProcess::start(&app.server.db, ui.path(), &env);
    let mut admin = other.anonymous();
    admin.sign_in(ADMIN, PASSWORD).await.unwrap();
    let me: SessionInfo = lead.get_ok("/api/v1/session").await;
    let demote = UserUpdate {
        role: Some(Role::Viewer),
        ..UserUpdate::default()
    };
    let path = format!("/api/v1/users/{}", me.user.id);
    assert_eq!(admin.patch_json(&path, &demote).await.status(), 200);

    let took = polled_until(&lead, "/api/v1/users", 403).await;
    other.kill();
    assert!(
        took.is_some_and(|took| took < SEEN_WITHIN),
        "still an admin {took:?} after another server demoted them"
    );
}
