//! The drift test: thousands of random changes made straight to the sandbox by another program on
//! the account (some with webhooks enabled), a share of event deliveries dropped, then one
//! reconcile: no row of the mirror differs from what the sandbox lists.

use std::time::{Duration, Instant};

use rand::Rng;
use rand::seq::IndexedRandom;
use serde_json::json;
use switchboard_core::api::ReconcileReport;
use switchboard_twilio::wire::Message;
use switchboard_twilio::{
    Client as Twilio, ConversationParams, MessageOrder, NewMessage, NewParticipant,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Held, Mirrored, held, held_sids};
use crate::common::expect;

const CHANGES: usize = 2_000;
const CONVERSATIONS: usize = 40;

fn millis(text: Option<&str>) -> Option<i64> {
    let at = OffsetDateTime::parse(text?, &Rfc3339).ok()?;
    Some((at.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// What the mirror should hold of `sid`, read from the sandbox as the conversation page reads it.
pub async fn expected(twilio: &Twilio, sid: &str) -> Option<Held> {
    let conversation = twilio.fetch_conversation(sid).await.ok()?;
    let participants = twilio.list_participants(sid).await.unwrap();
    let messages: Vec<Message> = twilio
        .messages_page(sid, MessageOrder::NewestFirst, 100)
        .await
        .unwrap()
        .items;
    let attribute = |text: Option<&str>, keys: &[&str]| -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(text?).ok()?;
        keys.iter()
            .find_map(|k| value.get(*k)?.as_str().map(str::to_owned))
    };
    let mut people: Vec<_> = participants
        .iter()
        .map(|p| {
            let binding = p.messaging_binding.as_ref();
            (
                p.sid.clone(),
                binding.and_then(|b| b.address.clone()),
                binding.and_then(|b| b.proxy_address.clone()),
                attribute(p.attributes.as_deref(), &["name"]),
            )
        })
        .collect();
    people.sort();
    let window_until_ms = participants
        .iter()
        .filter(|p| {
            p.messaging_binding
                .as_ref()
                .and_then(|b| b.address.as_deref())
                .is_some_and(|a| a.starts_with("whatsapp:"))
        })
        .map(|p| {
            messages
                .iter()
                .filter(|m| m.participant_sid.as_deref() == Some(p.sid.as_str()))
                .filter_map(|m| millis(m.date_created.as_deref()))
                .max()
                .map_or(0, |at| at + 24 * 3600 * 1000)
        })
        .min();
    Some(Held {
        sid: conversation.sid,
        friendly_name: conversation.friendly_name,
        unique_name: conversation.unique_name,
        reference: attribute(conversation.attributes.as_deref(), &["reference", "order"]),
        state: conversation.state,
        last_message_index: messages.first().map(|m| m.index),
        last_message_preview: messages
            .first()
            .and_then(|m| m.body.as_deref().map(|b| b.chars().take(80).collect())),
        participants: people,
        window_until_ms,
    })
}

/// Every difference between the mirror and the sandbox, one line each.
pub async fn differences(mirrored: &Mirrored) -> Vec<String> {
    let twilio = mirrored.twilio(false);
    let db = mirrored.db().await;
    let listed: Vec<String> = twilio
        .list_conversations(10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.sid)
        .collect();
    let mut problems = Vec::new();
    for sid in held_sids(&db).await {
        if !listed.contains(&sid) {
            problems.push(format!(
                "{sid} is held but the sandbox has no such conversation"
            ));
        }
    }
    for sid in &listed {
        let want = expected(&twilio, sid).await;
        let have = held(&db, sid).await;
        if want != have {
            problems.push(format!("{sid}: held {have:?}, the sandbox has {want:?}"));
        }
    }
    problems
}

/// One random change to the account, as another program would make it.
async fn change(twilio: &Twilio, sids: &mut Vec<String>, n: usize) {
    let mut rng = rand::rng();
    let Some(sid) = sids.choose(&mut rng).cloned() else {
        return;
    };
    let roll = rng.random_range(0..100);
    let result = match roll {
        0..=3 => twilio
            .create_conversation(&ConversationParams {
                friendly_name: Some(format!("Drift {n}")),
                attributes: Some(json!({ "reference": format!("D-{n}") }).to_string()),
                ..ConversationParams::default()
            })
            .await
            .map(|c| sids.push(c.sid)),
        4..=5 => {
            sids.retain(|s| *s != sid);
            twilio.delete_conversation(&sid).await
        }
        6..=20 => twilio
            .update_conversation(
                &sid,
                &ConversationParams {
                    friendly_name: Some(format!("Renamed {n}")),
                    attributes: Some(json!({ "order": format!("O-{n}") }).to_string()),
                    ..ConversationParams::default()
                },
            )
            .await
            .map(drop),
        21..=25 => twilio
            .update_conversation(
                &sid,
                &ConversationParams {
                    state: Some(["active", "inactive"][n % 2].to_owned()),
                    ..ConversationParams::default()
                },
            )
            .await
            .map(drop),
        26..=40 => {
            let (channel, proxy) = if n.is_multiple_of(2) {
                ("whatsapp:", "whatsapp:+15550108002")
            } else {
                ("", "+15550109002")
            };
            twilio
                .add_participant(
                    &sid,
                    &NewParticipant::Messaging {
                        address: format!("{channel}+3460{n:07}"),
                        proxy_address: proxy.to_owned(),
                        attributes: Some(json!({ "name": format!("Person {n}") }).to_string()),
                    },
                )
                .await
                .map(drop)
        }
        41..=50 => match twilio.list_participants(&sid).await {
            Ok(people) => match people.choose(&mut rng) {
                Some(p) => twilio.remove_participant(&sid, &p.sid).await,
                None => Ok(()),
            },
            Err(e) => Err(e),
        },
        _ => {
            let author = match twilio.list_participants(&sid).await {
                Ok(people) => people
                    .choose(&mut rng)
                    .and_then(|p| p.messaging_binding.as_ref()?.address.clone()),
                Err(_) => None,
            };
            twilio
                .send_message(
                    &sid,
                    &NewMessage {
                        author,
                        body: Some(format!("drift message {n} {}", "x".repeat(n % 120))),
                        ..NewMessage::default()
                    },
                )
                .await
                .map(drop)
        }
    };
    // Twilio's rules refuse some random changes (a closed conversation, a pair in use): fine.
    drop(result);
}

#[tokio::test]
async fn after_random_changes_and_dropped_events_one_reconcile_leaves_no_row_different() {
    let mirrored = Mirrored::start().await;
    let sandbox = mirrored.upstream.sandbox_client();
    let dropped = sandbox
        .post(
            "/sandbox/v1/Faults",
            &[
                ("Type", "drop_events"),
                ("Path", "/hooks/twilio/events"),
                ("Rate", "0.2"),
            ],
        )
        .await;
    assert!(
        dropped.status().is_success(),
        "{}",
        dropped.text().await.unwrap()
    );
    let quiet = mirrored.twilio(false);
    let loud = mirrored.twilio(true);
    let mut sids = Vec::new();
    for n in 0..CONVERSATIONS {
        let created = loud
            .create_conversation(&ConversationParams {
                friendly_name: Some(format!("Drift start {n}")),
                ..ConversationParams::default()
            })
            .await
            .unwrap();
        sids.push(created.sid);
    }
    let started = Instant::now();
    for n in 0..CHANGES {
        let twilio = if n % 3 == 0 { &loud } else { &quiet };
        change(twilio, &mut sids, n).await;
    }
    let changing = started.elapsed();
    // Let the deliveries in flight land, so the reconcile is what mends the rest.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = differences(&mirrored).await;
    assert!(
        !before.is_empty(),
        "the changes left nothing to mend, so the test proves nothing"
    );
    let reconciling = Instant::now();
    let report: ReconcileReport = expect(
        mirrored
            .app
            .admin
            .post_json("/api/v1/mirror/reconcile", &json!({}))
            .await,
        200,
    )
    .await;
    let reconciled = reconciling.elapsed();
    let after = differences(&mirrored).await;
    eprintln!(
        "drift: {CHANGES} changes in {changing:?}, {} rows differed, reconcile {report:?} in {reconciled:?}",
        before.len()
    );
    assert!(
        after.is_empty(),
        "{} rows differ after the reconcile:\n{}",
        after.len(),
        after.join("\n")
    );
}
