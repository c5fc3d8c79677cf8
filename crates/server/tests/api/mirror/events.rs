//! Twilio's events keep the mirror current: a handset's message becomes the last message and opens
//! the WhatsApp window; a change made by another program with webhooks enabled shows at once; a
//! failed delivery is noted with its code; older events lose to newer facts; an open page hears it.

use std::time::Duration;

use switchboard_core::api::Event;
use switchboard_twilio::{ConversationParams, NewMessage, NewParticipant};

use super::hook::deliver;
use super::{Mirrored, eventually, held};
use crate::common::events::EventStream;
use crate::common::upstream::AUTH_TOKEN;

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn handset_messages_and_other_programs_changes_reach_the_mirror_through_events() {
    let mirrored = Mirrored::start().await;
    let db = mirrored.db().await;
    let twilio = mirrored.twilio(true);
    let created = twilio
        .create_conversation(&ConversationParams {
            friendly_name: Some("Evented".into()),
            attributes: Some(r#"{"reference":"EV-1"}"#.into()),
            ..ConversationParams::default()
        })
        .await
        .unwrap();
    let sid = created.sid.clone();
    eventually(
        Duration::from_secs(5),
        "the new conversation is mirrored",
        || async {
            held(&db, &sid)
                .await
                .is_some_and(|h| h.reference.as_deref() == Some("EV-1"))
        },
    )
    .await;
    twilio
        .add_participant(
            &sid,
            &switchboard_twilio::NewParticipant::Messaging {
                address: "whatsapp:+34699000111".into(),
                proxy_address: "whatsapp:+15550108002".into(),
                attributes: Some(r#"{"name":"Eva"}"#.into()),
            },
        )
        .await
        .unwrap();
    eventually(
        Duration::from_secs(5),
        "Eva is mirrored, her window closed",
        || async {
            held(&db, &sid).await.is_some_and(|h| {
                h.participants.iter().any(|p| p.3.as_deref() == Some("Eva"))
                    && h.window_until_ms == Some(0)
            })
        },
    )
    .await;
    let wrote = mirrored
        .upstream
        .sandbox_client()
        .post(
            "/sandbox/v1/Phones/Messages",
            &[
                ("From", "whatsapp:+34699000111"),
                ("To", "whatsapp:+15550108002"),
                ("Body", "Hello from the handset"),
            ],
        )
        .await;
    assert!(
        wrote.status().is_success(),
        "{}",
        wrote.text().await.unwrap()
    );
    eventually(
        Duration::from_secs(5),
        "the handset's message is the last, the window open",
        || async {
            held(&db, &sid).await.is_some_and(|h| {
                h.last_message_preview.as_deref() == Some("Hello from the handset")
                    && h.window_until_ms.is_some_and(|w| w > 0)
            })
        },
    )
    .await;
    twilio.delete_conversation(&sid).await.unwrap();
    eventually(
        Duration::from_secs(5),
        "the removed conversation leaves the mirror",
        || async { held(&db, &sid).await.is_none() },
    )
    .await;
}

#[tokio::test]
async fn a_message_in_a_conversation_the_mirror_never_heard_of_reaches_an_open_page_and_the_mirror()
{
    let mirrored = Mirrored::start().await;
    let db = mirrored.db().await;
    // Made by another program without webhooks: no event tells the mirror of it.
    let quiet = mirrored.twilio(false);
    let sid = quiet
        .create_conversation(&ConversationParams {
            friendly_name: Some("Unheard".into()),
            ..ConversationParams::default()
        })
        .await
        .unwrap()
        .sid;
    quiet
        .add_participant(
            &sid,
            &NewParticipant::Messaging {
                address: "+15550177001".into(),
                proxy_address: "+15550109002".into(),
                attributes: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(held(&db, &sid).await, None);
    let mut page = EventStream::open(&mirrored.app.admin).await;
    let wrote = mirrored
        .upstream
        .sandbox_client()
        .post(
            "/sandbox/v1/Phones/Messages",
            &[
                ("From", "+15550177001"),
                ("To", "+15550109002"),
                ("Body", "Is anyone there?"),
            ],
        )
        .await;
    assert!(wrote.status().is_success());
    let told = Event::MessageAdded {
        conversation_sid: sid.clone(),
        index: 0,
    };
    page.until(WAIT, |e| *e == told).await;
    eventually(
        Duration::from_secs(5),
        "the mirror reads the conversation it had missed",
        || async {
            held(&db, &sid)
                .await
                .is_some_and(|h| h.last_message_preview.as_deref() == Some("Is anyone there?"))
        },
    )
    .await;
}

/// One column of the mirror's row or its person, as a number.
async fn number(db: &switchboard_server::db::Db, sql: &str, sid: &str) -> Option<i64> {
    sqlx::query_scalar::<_, Option<i64>>(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(sid)
        .fetch_optional(db)
        .await
        .unwrap()
        .flatten()
}

/// A post-event signed as Twilio signs it, delivered to the server's hook.
async fn deliver_signed(base: &str, fields: &[(&str, &str)], token: &str) {
    let params: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let url = format!("{base}/hooks/twilio/events");
    let signed = switchboard_twilio::signature::compute(AUTH_TOKEN, &url, &params);
    assert_eq!(deliver(base, &params, Some(&signed), token).await, 200);
}

#[tokio::test]
async fn failures_replies_and_stale_events_reach_the_mirror_and_an_open_page_once_and_in_order() {
    let mirrored = Mirrored::start().await;
    let db = mirrored.db().await;
    let twilio = mirrored.twilio(true);
    let mut page = EventStream::open(&mirrored.app.admin).await;
    let sid = twilio
        .create_conversation(&ConversationParams {
            friendly_name: Some("Late order".into()),
            ..ConversationParams::default()
        })
        .await
        .unwrap()
        .sid;
    let (handset, business) = ("whatsapp:+34699000222", "whatsapp:+15550108002");
    let person = twilio
        .add_participant(
            &sid,
            &NewParticipant::Messaging {
                address: handset.into(),
                proxy_address: business.into(),
                attributes: Some(r#"{"name":"Luz"}"#.into()),
            },
        )
        .await
        .unwrap()
        .sid;

    // Free-form WhatsApp to someone who never wrote: Twilio refuses it with 63016.
    twilio
        .send_message(
            &sid,
            &NewMessage {
                author: Some("operator".into()),
                body: Some("Your order is late".into()),
                ..NewMessage::default()
            },
        )
        .await
        .unwrap();
    let failed = |e: &Event| matches!(e, Event::DeliveryUpdated { conversation_sid, status, .. } if *conversation_sid == sid && status == "failed");
    page.until(WAIT, failed).await;
    let failure_sql = "SELECT error_code FROM mirror_failures WHERE conversation_sid = $1";
    eventually(WAIT, "the failure is in mirror_failures", || async {
        number(&db, failure_sql, &sid).await == Some(63016)
    })
    .await;
    let last_failure = "SELECT last_failure_code FROM mirror_conversations WHERE sid = $1";
    assert_eq!(number(&db, last_failure, &sid).await, Some(63016));

    // The person answers from the handset: the last message, and their window opens.
    let wrote = mirrored
        .upstream
        .sandbox_client()
        .post(
            "/sandbox/v1/Phones/Messages",
            &[
                ("From", handset),
                ("To", business),
                ("Body", "Where is it?"),
            ],
        )
        .await;
    assert!(
        wrote.status().is_success(),
        "{}",
        wrote.text().await.unwrap()
    );
    let heard = page
        .until(WAIT, |e| matches!(e, Event::MessageAdded { conversation_sid, index } if *conversation_sid == sid && *index == 1))
        .await;
    assert!(!heard.is_empty());
    let now = switchboard_server::db::now_millis();
    let inbound = "SELECT last_inbound_ms FROM mirror_participants WHERE sid = $1";
    let at = number(&db, inbound, &person)
        .await
        .expect("the window is noted");
    assert!((now - at).abs() < 60_000, "last inbound {at}, now {now}");
    let row = held(&db, &sid).await.unwrap();
    assert_eq!(
        (row.last_message_index, row.last_message_preview.as_deref()),
        (Some(1), Some("Where is it?"))
    );
    assert_eq!(row.window_until_ms, Some(at + 24 * 3600 * 1000));

    // Events out of order: an older rename and an older message lose to what the mirror holds.
    let current = twilio.fetch_conversation(&sid).await.unwrap();
    let updated = current.date_updated.clone().unwrap();
    let base = mirrored.app.server.base.clone();
    deliver_signed(
        &base,
        &[
            ("EventType", "onConversationUpdated"),
            ("ConversationSid", &sid),
            ("FriendlyName", "Stale name"),
            ("State", "active"),
            ("DateCreated", &current.date_created),
            ("DateUpdated", "2000-01-01T00:00:00Z"),
        ],
        "stale-rename",
    )
    .await;
    deliver_signed(
        &base,
        &[
            ("EventType", "onMessageAdded"),
            ("ConversationSid", &sid),
            ("Index", "0"),
            ("Body", "Old news"),
            ("DateCreated", &updated),
            ("Source", "API"),
        ],
        "stale-message",
    )
    .await;
    let after = held(&db, &sid).await.unwrap();
    assert_eq!(after.friendly_name.as_deref(), Some("Late order"));
    assert_eq!(after.last_message_preview.as_deref(), Some("Where is it?"));
}
