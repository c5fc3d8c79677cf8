//! The account mirror end to end: the server before a standalone sandbox (known auth token, so
//! events are signed as Twilio signs them), its events connected through the API, and the mirror's
//! rows read from the server's database and compared with what the sandbox lists.

mod drift;
mod events;
mod hook;
mod reconcile;
mod walk;

use std::time::{Duration, Instant};

use secrecy::SecretString;
use sqlx::Row;
use switchboard_core::api::{AccountEvents, ConnectEvents, MirrorStatus, WalkProgress};
use switchboard_twilio::{Bases, Client as Twilio, ClientConfig, Credentials};

use crate::common::upstream::{ACCOUNT_SID, AUTH_TOKEN, RecordedUpstream};
use switchboard_server::Config;

use crate::common::{TestApp, TestServer, expect};

pub struct Mirrored {
    pub upstream: RecordedUpstream,
    pub app: TestApp,
}

impl Mirrored {
    /// The server with its events connected and its first walk finished.
    pub async fn start() -> Mirrored {
        Mirrored::start_configured(|_| {}).await
    }

    /// As [`Mirrored::start`], after `adjust` has changed the server's configuration.
    pub async fn start_configured(adjust: impl FnOnce(&mut Config)) -> Mirrored {
        let upstream = RecordedUpstream::start().await;
        let server = TestServer::start_configured(upstream.upstream(), adjust).await;
        let admin = server.set_up_admin().await;
        let app = TestApp { server, admin };
        let mirrored = Mirrored { upstream, app };
        mirrored.connect().await;
        mirrored.walked().await;
        mirrored
    }

    /// Connects the account's events to the server, replacing what the admin was shown.
    pub async fn connect(&self) -> AccountEvents {
        let shown: AccountEvents = self.app.admin.get_ok("/api/v1/account-events").await;
        let in_force = shown.service.as_ref().unwrap_or(&shown.account);
        let response = self
            .app
            .admin
            .post_json(
                "/api/v1/account-events/connect",
                &ConnectEvents {
                    replacing: in_force.post_webhook_url.clone(),
                },
            )
            .await;
        let connected: AccountEvents = expect(response, 200).await;
        assert!(connected.connected, "{connected:?}");
        connected
    }

    /// Waits for the first walk to finish.
    pub async fn walked(&self) -> MirrorStatus {
        let start = Instant::now();
        loop {
            let status: MirrorStatus = self.app.admin.get_ok("/api/v1/mirror").await;
            if matches!(status.walk, WalkProgress::Finished { .. }) {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the walk did not finish: {status:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A Twilio client straight to the sandbox, as another program on the account would be.
    pub fn twilio(&self, webhooks_enabled: bool) -> Twilio {
        let config = ClientConfig {
            webhooks_enabled,
            ..ClientConfig::new(
                Bases::single_origin(&self.upstream.sandbox.base_url()),
                Credentials::new(ACCOUNT_SID, SecretString::from(AUTH_TOKEN)),
            )
        };
        Twilio::new(config).unwrap()
    }

    pub async fn db(&self) -> switchboard_server::db::Db {
        self.app.server.database().await
    }
}

/// A participant: SID, address, proxy address, name.
pub type Person = (String, Option<String>, Option<String>, Option<String>);

/// What the mirror holds of one conversation, in a form to compare with the sandbox's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub sid: String,
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub reference: Option<String>,
    pub state: String,
    pub last_message_index: Option<i64>,
    pub last_message_preview: Option<String>,
    /// Each present participant: (sid, address, proxy address, name), sorted.
    pub participants: Vec<Person>,
    pub window_until_ms: Option<i64>,
}

/// One conversation as the mirror holds it; `None` when absent or removed.
pub async fn held(db: &switchboard_server::db::Db, sid: &str) -> Option<Held> {
    let row = sqlx::query(
        "SELECT sid, friendly_name, unique_name, reference, state, last_message_index, last_message_preview, \
         window_until_ms FROM mirror_conversations WHERE sid = $1 AND removed_ms IS NULL",
    )
    .bind(sid)
    .fetch_optional(db)
    .await
    .unwrap()?;
    let people = sqlx::query(
        "SELECT sid, address, proxy_address, name FROM mirror_participants \
         WHERE conversation_sid = $1 AND removed_ms IS NULL ORDER BY sid",
    )
    .bind(sid)
    .fetch_all(db)
    .await
    .unwrap();
    Some(Held {
        sid: row.get("sid"),
        friendly_name: row.get("friendly_name"),
        unique_name: row.get("unique_name"),
        reference: row.get("reference"),
        state: row.get("state"),
        last_message_index: row.get("last_message_index"),
        last_message_preview: row.get("last_message_preview"),
        participants: people
            .iter()
            .map(|p| {
                (
                    p.get("sid"),
                    p.get("address"),
                    p.get("proxy_address"),
                    p.get("name"),
                )
            })
            .collect(),
        window_until_ms: row.get("window_until_ms"),
    })
}

/// The SIDs of every conversation the mirror holds as present.
pub async fn held_sids(db: &switchboard_server::db::Db) -> Vec<String> {
    sqlx::query_scalar("SELECT sid FROM mirror_conversations WHERE removed_ms IS NULL ORDER BY sid")
        .fetch_all(db)
        .await
        .unwrap()
}

/// Polls `check` until it holds, for up to `within`.
pub async fn eventually<F, Fut>(within: Duration, what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < within, "{what} within {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
