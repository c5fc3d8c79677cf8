//! Pairing requests as the UI sends them, and the failed pairings the server still has to settle.

use std::time::{Duration, Instant};

use switchboard_core::Channel;
use switchboard_core::api::{PairingRequest, PairingSide};

use super::TestApp;
use super::upstream::RecordedUpstream;

/// A seeded WhatsApp business number no demo conversation uses.
pub const FREE_WHATSAPP: &str = "whatsapp:+15550108002";

pub fn side(name: &str, channel: Channel, number: &str, proxy: Option<&str>) -> PairingSide {
    PairingSide {
        name: Some(name.into()),
        channel,
        number: number.into(),
        proxy: proxy.map(Into::into),
        language: None,
    }
}

pub fn pairing(name: &str, a: PairingSide, b: PairingSide) -> PairingRequest {
    PairingRequest {
        friendly_name: name.into(),
        reference: Some("9001".into()),
        sides: [a, b],
        end: None,
    }
}

/// Ana on WhatsApp and Bruno on SMS, each behind a free business number: a pairing that is ready.
pub fn ana_and_bruno(name: &str) -> PairingRequest {
    pairing(
        name,
        side(
            "Ana",
            Channel::Whatsapp,
            "+34 611 222 333",
            Some(FREE_WHATSAPP),
        ),
        side(
            "Bruno",
            Channel::Sms,
            "+1 555 010 0002",
            Some("+15550109002"),
        ),
    )
}

/// The server in front of a recorded sandbox, its first admin signed in, the calls so far forgotten.
pub async fn recorded_app() -> (RecordedUpstream, TestApp) {
    let upstream = RecordedUpstream::start().await;
    let app = TestApp::spawn_with(upstream.upstream()).await;
    upstream.take_calls();
    (upstream, app)
}

/// Failed pairings the server has recorded to look up again.
pub async fn unsettled_pairings(db: &switchboard_server::db::Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM unsettled_pairings")
        .fetch_one(db)
        .await
        .unwrap()
}

/// Waits up to `within` for the server to settle every failed pairing; returns how many are left.
pub async fn wait_until_settled(db: &switchboard_server::db::Db, within: Duration) -> i64 {
    let deadline = Instant::now() + within;
    loop {
        let left = unsettled_pairings(db).await;
        if left == 0 || Instant::now() >= deadline {
            return left;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
