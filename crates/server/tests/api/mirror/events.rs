//! Twilio's events keep the mirror current: a handset's message becomes the last message and opens
//! the WhatsApp window; a change made by another program with webhooks enabled shows at once.

use std::time::Duration;

use switchboard_twilio::ConversationParams;

use super::{Mirrored, eventually, held};

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
