//! The sandbox kept in SQLite: what was accepted survives a restart, and the seed goes in once.

mod common;

use common::*;
use secrecy::SecretString;
use switchboard_sandbox::{SandboxCredentials, SandboxState};

fn credentials() -> SandboxCredentials {
    SandboxCredentials::new(
        "AC0123456789abcdef0123456789abcdef".into(),
        SecretString::from("a-local-token"),
    )
}

#[tokio::test]
async fn messages_and_conversations_survive_a_restart_and_the_seed_is_not_laid_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let (sid, first_names) = {
        let state = SandboxState::open(credentials(), &path).await.unwrap();
        let sandbox = start(state).await;
        let sid = sandbox.conversation("Kept").await;
        sandbox.add(&sid, "+15550100070", SMS_1).await;
        let sent = sandbox
            .post(
                &format!("/v1/Conversations/{sid}/Messages"),
                &[("Body", "Do not lose me")],
            )
            .await;
        assert_eq!(sent.status, 201);
        let names: Vec<_> = sandbox.all("/v1/Conversations", "conversations").await;
        sandbox.running.task.abort();
        (sid, names.len())
    };
    assert_eq!(first_names, 5, "four demo conversations and the new one");

    let sandbox = start(SandboxState::open(credentials(), &path).await.unwrap()).await;
    let all = sandbox.all("/v1/Conversations", "conversations").await;
    assert_eq!(all.len(), 5, "the demo was not seeded over existing data");
    assert_eq!(all[4]["sid"], sid.as_str(), "creation order is kept");
    let messages = sandbox
        .get(&format!("/v1/Conversations/{sid}/Messages"))
        .await;
    assert_eq!(messages.body["messages"][0]["body"], "Do not lose me");
    assert_eq!(messages.body["messages"][0]["delivery"]["delivered"], "all");
    assert_eq!(
        sandbox.handset("+15550100070").await[0]["body"],
        "Do not lose me"
    );
    let pair = sandbox
        .add(&sandbox.conversation("Other").await, "+15550100070", SMS_1)
        .await;
    assert_eq!(pair.code(), 50416, "number pairs are remembered too");
}

#[tokio::test]
async fn a_deleted_conversation_stays_deleted_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let sandbox = start(SandboxState::open(credentials(), &path).await.unwrap()).await;
    let doomed = sandbox.demo_sid("Order 8813 — Maria ⇄ Bruno").await;
    assert_eq!(
        sandbox
            .delete(&format!("/v1/Conversations/{doomed}"))
            .await
            .status,
        204
    );
    sandbox.running.task.abort();
    let again = start(SandboxState::open(credentials(), &path).await.unwrap()).await;
    assert_eq!(
        again
            .get(&format!("/v1/Conversations/{doomed}"))
            .await
            .status,
        404
    );
    assert_eq!(
        again.all("/v1/Conversations", "conversations").await.len(),
        3
    );
}
