//! The first walk fills the mirror with every conversation the sandbox lists, each as the sandbox
//! has it; a walk cut short by `kill -9` goes on from its stored cursor on the next server and
//! finishes with every conversation counted once.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::{Value, json};
use switchboard_core::api::{MirrorStatus, WalkProgress};
use switchboard_twilio::{
    Bases, Client as Twilio, ClientConfig, ConversationParams, Credentials, NewParticipant,
};

use super::drift::{differences, expected};
use super::{Mirrored, held, held_sids};
use crate::common::process::ServerProcess;
use crate::common::upstream::{ACCOUNT_SID, AUTH_TOKEN, RecordedUpstream};
use crate::common::{ADMIN, Client, INDEX_HTML, PASSWORD, SETUP_TOKEN, expect};

/// Conversations added to the demo account, enough for several pages of the walk.
const ADDED: usize = 300;

#[tokio::test]
async fn the_first_walk_fills_the_mirror_as_the_sandbox_has_it() {
    let started = std::time::Instant::now();
    let mirrored = Mirrored::start().await;
    let status: MirrorStatus = mirrored.app.admin.get_ok("/api/v1/mirror").await;
    eprintln!(
        "walk of {} conversations: {:?}",
        status.conversations,
        started.elapsed()
    );
    assert!(status.connected);
    assert!(status.conversations > 0);
    let WalkProgress::Finished { done, .. } = status.walk else {
        panic!("{status:?}");
    };
    assert_eq!(done, status.conversations);
    let problems = differences(&mirrored).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Adds `ADDED` conversations with one SMS person each, twenty at a time.
async fn add_conversations(twilio: &Twilio) {
    let numbers: Vec<usize> = (0..ADDED).collect();
    for chunk in numbers.chunks(20) {
        let adds = chunk.iter().map(|n| async move {
            let made = twilio
                .create_conversation(&ConversationParams {
                    friendly_name: Some(format!("Walked {n:03}")),
                    ..ConversationParams::default()
                })
                .await
                .unwrap();
            twilio
                .add_participant(
                    &made.sid,
                    &NewParticipant::Messaging {
                        address: format!("+3461{n:07}"),
                        proxy_address: "+15550109001".into(),
                        attributes: Some(json!({ "name": format!("Walker {n}") }).to_string()),
                    },
                )
                .await
                .unwrap();
        });
        futures_util::future::join_all(adds).await;
    }
}

/// The walk's stored count, straight from the database.
async fn walked(db: &switchboard_server::db::Db) -> (i64, bool) {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT done, finished_ms FROM mirror_runs WHERE name = 'walk'")
            .fetch_optional(db)
            .await
            .unwrap();
    row.map_or((0, false), |(done, finished)| (done, finished.is_some()))
}

/// Sets up the first admin on a server that has none, signed in.
async fn first_admin(server: &ServerProcess) -> Client {
    let setup = json!({ "token": SETUP_TOKEN, "username": ADMIN, "password": PASSWORD });
    let response = server.anonymous().post_json("/api/v1/setup", &setup).await;
    let _: Value = expect(response, 201).await;
    let mut admin = server.anonymous();
    admin.sign_in(ADMIN, PASSWORD).await.unwrap();
    admin
}

#[tokio::test]
async fn a_walk_cut_short_resumes_from_its_cursor_and_counts_each_conversation_once() {
    let upstream = RecordedUpstream::start().await;
    let sandbox = upstream.sandbox_client();
    let twilio = Twilio::new(ClientConfig::new(
        Bases::single_origin(&upstream.sandbox.base_url()),
        Credentials::new(ACCOUNT_SID, SecretString::from(AUTH_TOKEN)),
    ))
    .unwrap();
    add_conversations(&twilio).await;
    let listed = twilio
        .list_conversations_filtered(None, 10_000)
        .await
        .unwrap();
    let slow = [
        ("Path", "/v1/Conversations"),
        ("Type", "latency"),
        ("LatencyMs", "150"),
    ];
    assert!(
        sandbox
            .post("/sandbox/v1/Faults", &slow)
            .await
            .status()
            .is_success()
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX_HTML).unwrap();
    let location = crate::common::database::fresh(dir.path()).await;
    let env = [
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_API_BASE_URL", upstream.proxy_base.as_str()),
    ];
    let first = ServerProcess::start(&location, dir.path(), &env);
    let db = switchboard_server::db::connect(&location).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (done, finished) = walked(&db).await;
        assert!(!finished, "the walk finished before it could be cut short");
        if done > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the walk did not start");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.kill();
    let at_kill = walked(&db).await.0;
    upstream.take_calls();
    assert!(
        sandbox
            .send_delete("/sandbox/v1/Faults")
            .await
            .status()
            .is_success()
    );

    let second = ServerProcess::start(&location, dir.path(), &env);
    let admin = first_admin(&second).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        let status: MirrorStatus = admin.get_ok("/api/v1/mirror").await;
        if matches!(status.walk, WalkProgress::Finished { .. }) {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the walk was not resumed: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let WalkProgress::Finished { done, .. } = status.walk else {
        unreachable!()
    };
    assert_eq!(done as usize, listed.len(), "{status:?}");
    assert_eq!(status.conversations as usize, listed.len());
    // The second server went on after the pages the first had stored (the walk reads newest
    // first, as `listed` is): none of them read again.
    let stored_before: Vec<&str> = listed[..at_kill as usize]
        .iter()
        .map(|c| c.sid.as_str())
        .collect();
    let read_again: Vec<String> = upstream
        .take_calls()
        .iter()
        .filter_map(|c| {
            c.strip_prefix("GET /v1/Conversations/")?
                .strip_suffix("/Participants")
        })
        .filter(|sid| stored_before.contains(sid))
        .map(str::to_owned)
        .collect();
    assert!(
        read_again.is_empty(),
        "read again after the restart, though stored before it ({at_kill} of {}): {read_again:?}",
        listed.len()
    );
    assert_eq!(held_sids(&db).await.len(), listed.len());
    for conversation in &listed {
        let want = expected(&twilio, &conversation.sid).await;
        assert_eq!(
            held(&db, &conversation.sid).await,
            want,
            "{}",
            conversation.sid
        );
    }
    second.kill();
}
