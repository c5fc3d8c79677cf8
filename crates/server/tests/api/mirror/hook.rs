//! `POST /hooks/twilio/events` believes only deliveries signed over its public URL with the auth
//! token, and acts once per idempotency token.

use std::time::Duration;

use switchboard_core::api::Event;
use switchboard_twilio::signature;

use super::{Mirrored, held};
use crate::common::events::EventStream;
use crate::common::upstream::AUTH_TOKEN;

pub async fn deliver(
    base: &str,
    params: &[(String, String)],
    signature: Option<&str>,
    token: &str,
) -> u16 {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/hooks/twilio/events"))
        .header("I-Twilio-Idempotency-Token", token)
        .form(params);
    if let Some(signature) = signature {
        request = request.header("X-Twilio-Signature", signature);
    }
    request.send().await.unwrap().status().as_u16()
}

fn renamed(sid: &str, name: &str, updated: &str) -> Vec<(String, String)> {
    [
        ("EventType", "onConversationUpdated"),
        ("ConversationSid", sid),
        ("FriendlyName", name),
        ("State", "active"),
        ("Attributes", "{}"),
        ("DateCreated", "2020-01-01T00:00:00Z"),
        ("DateUpdated", updated),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

#[tokio::test]
async fn forged_altered_and_replayed_deliveries_are_refused_or_act_once() {
    let mirrored = Mirrored::start().await;
    let base = mirrored.app.server.base.clone();
    let url = format!("{base}/hooks/twilio/events");
    let db = mirrored.db().await;
    let sid = super::held_sids(&db).await.remove(0);
    let mut stream = EventStream::open(&mirrored.app.admin).await;

    let first = renamed(&sid, "Renamed once", "2099-01-01T00:00:00Z");
    let good = signature::compute(AUTH_TOKEN, &url, &first);
    let forged = signature::compute("not-the-auth-token", &url, &first);
    let misaddressed = signature::compute(
        AUTH_TOKEN,
        "https://elsewhere.example/hooks/twilio/events",
        &first,
    );
    assert_eq!(deliver(&base, &first, None, "t-none").await, 403);
    assert_eq!(deliver(&base, &first, Some(&forged), "t-forged").await, 403);
    assert_eq!(
        deliver(&base, &first, Some(&misaddressed), "t-elsewhere").await,
        403
    );
    let altered = renamed(&sid, "Altered on the way", "2099-01-01T00:00:00Z");
    assert_eq!(
        deliver(&base, &altered, Some(&good), "t-altered").await,
        403
    );
    assert_ne!(
        held(&db, &sid).await.unwrap().friendly_name.as_deref(),
        Some("Altered on the way")
    );

    assert_eq!(deliver(&base, &first, Some(&good), "t-1").await, 200);
    assert_eq!(
        held(&db, &sid).await.unwrap().friendly_name.as_deref(),
        Some("Renamed once")
    );
    let heard = stream
        .until(Duration::from_secs(5), |e| matches!(e, Event::ConversationChanged { conversation_sid } if *conversation_sid == sid))
        .await;
    assert!(!heard.is_empty());

    // The same token again, even with a newer body correctly signed, is a copy: acted on once.
    let second = renamed(&sid, "Renamed twice", "2099-06-01T00:00:00Z");
    let signed = signature::compute(AUTH_TOKEN, &url, &second);
    assert_eq!(deliver(&base, &second, Some(&signed), "t-1").await, 200);
    assert_eq!(
        held(&db, &sid).await.unwrap().friendly_name.as_deref(),
        Some("Renamed once")
    );

    // An older delivery with a new token loses to the newer one already applied.
    let older = renamed(&sid, "Out of date", "2098-01-01T00:00:00Z");
    let signed = signature::compute(AUTH_TOKEN, &url, &older);
    assert_eq!(deliver(&base, &older, Some(&signed), "t-older").await, 200);
    assert_eq!(
        held(&db, &sid).await.unwrap().friendly_name.as_deref(),
        Some("Renamed once")
    );
}
