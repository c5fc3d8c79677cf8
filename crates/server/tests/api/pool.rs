//! The number pool in view: each business number's open pairings and people agree with what the
//! sandbox holds after 200 pairings; the automatic choice takes a number of the person's own
//! country, then the least used; and for one person, which numbers are still free.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use switchboard_core::Channel;
use switchboard_core::api::{ChannelUsage, FreeNumbers, PairingCreated, PoolUsage};

use crate::common::pairings::{pairing, side};
use crate::common::{Client, expect, spawn};
use crate::mirror::Mirrored;

async fn pair(client: &Client, name: &str, whatsapp: &str, sms: &str) -> PairingCreated {
    let request = pairing(
        name,
        side("W", Channel::Whatsapp, whatsapp, None),
        side("S", Channel::Sms, sms, None),
    );
    expect(client.post_json("/api/v1/pairings", &request).await, 201).await
}

/// What the sandbox itself holds: per business number its open conversations and people, and per
/// channel the business numbers each person holds.
struct Held {
    per_number: HashMap<String, (u64, u64)>,
    per_person: HashMap<(Channel, String), HashSet<String>>,
}

async fn held_in_sandbox(mirrored: &Mirrored) -> Held {
    let twilio = mirrored.twilio(false);
    let mut numbers: HashMap<String, (HashSet<String>, HashSet<String>)> = HashMap::new();
    let mut per_person: HashMap<(Channel, String), HashSet<String>> = HashMap::new();
    let conversations = twilio.list_conversations(1_000).await.unwrap();
    for c in conversations.iter().filter(|c| c.state != "closed") {
        for p in twilio.list_participants(&c.sid).await.unwrap() {
            let Some(binding) = p.messaging_binding else {
                continue;
            };
            let (Some(address), Some(proxy)) = (binding.address, binding.proxy_address) else {
                continue;
            };
            let channel = if address.starts_with("whatsapp:") {
                Channel::Whatsapp
            } else {
                Channel::Sms
            };
            let entry = numbers.entry(proxy.clone()).or_default();
            entry.0.insert(c.sid.clone());
            entry.1.insert(address.clone());
            per_person
                .entry((channel, address))
                .or_default()
                .insert(proxy);
        }
    }
    let per_number = numbers
        .into_iter()
        .map(|(proxy, (conversations, people))| {
            (proxy, (conversations.len() as u64, people.len() as u64))
        })
        .collect();
    Held {
        per_number,
        per_person,
    }
}

fn channel_usage(held: &Held, channel: Channel, pool_size: usize) -> ChannelUsage {
    let counts: Vec<usize> = held
        .per_person
        .iter()
        .filter(|((c, _), _)| *c == channel)
        .map(|(_, proxies)| proxies.len())
        .collect();
    ChannelUsage {
        people: counts.len() as u64,
        on_every_number: counts.iter().filter(|n| **n >= pool_size).count() as u64,
        one_left: counts.iter().filter(|n| **n + 1 == pool_size).count() as u64,
    }
}

#[tokio::test]
async fn the_pools_counts_agree_with_the_sandbox_after_200_pairings() {
    let mirrored = Mirrored::start().await;
    let admin = &mirrored.app.admin;
    let mut made = Vec::new();
    for n in 0..200 {
        // 100 WhatsApp people paired twice each (so on both WhatsApp numbers), SMS people 1 to 2 times.
        let whatsapp = format!("+34 611 {:06}", n % 100);
        let sms = format!("+1 555 031 {:04}", n % 150);
        made.push(pair(admin, &format!("Pool {n}"), &whatsapp, &sms).await);
    }
    for created in &made[..20] {
        let closed = admin
            .post_json(
                &format!("/api/v1/conversations/{}/close", created.conversation_sid),
                &json!({}),
            )
            .await;
        assert_eq!(closed.status(), 204);
    }
    let held = held_in_sandbox(&mirrored).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let usage: PoolUsage = admin.get_ok("/api/v1/numbers/usage").await;
        let shown: HashMap<String, (u64, u64)> = usage
            .numbers
            .iter()
            .map(|n| (n.address.clone(), (n.open_pairings, n.people)))
            .collect();
        let wanted: HashMap<String, (u64, u64)> = shown
            .keys()
            .map(|proxy| {
                (
                    proxy.clone(),
                    held.per_number.get(proxy).copied().unwrap_or((0, 0)),
                )
            })
            .collect();
        let pool = |channel| {
            usage
                .numbers
                .iter()
                .filter(|n| n.channel == channel)
                .count()
        };
        let channels = (
            channel_usage(&held, Channel::Sms, pool(Channel::Sms)),
            channel_usage(&held, Channel::Whatsapp, pool(Channel::Whatsapp)),
        );
        if usage.complete
            && shown == wanted
            && (usage.sms.clone(), usage.whatsapp.clone()) == channels
        {
            assert_eq!(
                usage.numbers.len(),
                held.per_number.len(),
                "every number in use is in the pool"
            );
            assert!(usage.whatsapp.on_every_number >= 80, "{:?}", usage.whatsapp);
            let total: u64 = usage.numbers.iter().map(|n| n.open_pairings).sum();
            assert!(
                total >= 2 * 180,
                "each open pairing counts on both its numbers: {total}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the pool page never agreed with the sandbox:\n{shown:?}\n{wanted:?}\n{:?} {:?}\n{channels:?}",
            usage.sms,
            usage.whatsapp
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn the_automatic_choice_prefers_the_persons_country_then_the_least_used() {
    let app = spawn().await;
    // Typed as people write them: the sandbox gets them in E.164.
    for address in ["whatsapp:+34 910 000 001", "+44 7700 900001"] {
        let _: Value = expect(
            app.admin
                .post_json(
                    "/api/v1/sandbox/controls/numbers",
                    &json!({ "address": address }),
                )
                .await,
            201,
        )
        .await;
    }
    for bad in ["\u{10000}", "+34 6OO"] {
        let refused = app
            .admin
            .post_json(
                "/api/v1/sandbox/controls/numbers",
                &json!({ "address": bad }),
            )
            .await;
        assert_eq!(refused.status(), 422, "{bad}");
    }
    usage_when(&app.admin, |u| u.complete).await;
    let spanish = pair(
        &app.admin,
        "Ana ⇄ Liam",
        "+34 611 900 001",
        "+44 7700 900123",
    )
    .await;
    assert_eq!(spanish.proxies, ["whatsapp:+34910000001", "+447700900001"]);

    // Ana again: her own country's number is taken by her, so the least used of the others.
    usage_when(&app.admin, |u| {
        u.numbers
            .iter()
            .any(|n| n.address == "whatsapp:+34910000001" && n.open_pairings == 1)
    })
    .await;
    // The server reads the counts again at most every 5 seconds: wait that long, so its counts are
    // the ones read here.
    tokio::time::sleep(Duration::from_millis(5_500)).await;
    let usage = usage_when(&app.admin, |_| true).await;
    let least_used = |channel: Channel, region: &str| {
        usage
            .numbers
            .iter()
            .filter(|n| n.channel == channel && n.region.as_deref() == Some(region))
            .min_by_key(|n| n.open_pairings)
            .map(|n| n.address.clone())
            .unwrap()
    };
    let (whatsapp_us, sms_us) = (
        least_used(Channel::Whatsapp, "US"),
        least_used(Channel::Sms, "US"),
    );
    let counts: Vec<u64> = usage
        .numbers
        .iter()
        .filter(|n| n.region.as_deref() == Some("US") && n.channel == Channel::Whatsapp)
        .map(|n| n.open_pairings)
        .collect();
    assert!(
        counts.iter().min() < counts.iter().max(),
        "the demo uses one more than the other: {counts:?}"
    );
    let again = pair(&app.admin, "Ana ⇄ Bo", "+34 611 900 001", "+1 555 061 0001").await;
    assert_eq!(again.proxies, [whatsapp_us.clone(), sms_us]);

    let free: FreeNumbers = app
        .admin
        .get_ok("/api/v1/numbers/free?number=%2B34%20611%20900%20001")
        .await;
    assert_eq!(free.number, "+34611900001");
    let held: Vec<(&str, Option<&str>)> = free
        .whatsapp
        .iter()
        .map(|f| {
            (
                f.proxy.as_str(),
                f.held_in.as_ref().map(|h| h.conversation_sid.as_str()),
            )
        })
        .collect();
    assert!(
        held.contains(&(
            "whatsapp:+34910000001",
            Some(spanish.conversation_sid.as_str())
        )),
        "{held:?}"
    );
    assert!(
        held.contains(&(whatsapp_us.as_str(), Some(again.conversation_sid.as_str()))),
        "{held:?}"
    );
    assert_eq!(
        held.iter().filter(|(_, h)| h.is_none()).count(),
        held.len() - 2,
        "{held:?}"
    );
    assert!(free.sms.iter().all(|f| f.held_in.is_none()));
    let refused = app.admin.get("/api/v1/numbers/free?number=600").await;
    assert_eq!(refused.status(), 422);
}

/// The pool's usage once `ready` holds: the mirror is filled, or has heard of a pairing.
async fn usage_when(client: &Client, ready: impl Fn(&PoolUsage) -> bool) -> PoolUsage {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let usage: PoolUsage = client.get_ok("/api/v1/numbers/usage").await;
        if ready(&usage) {
            return usage;
        }
        assert!(
            Instant::now() < deadline,
            "the pool never got there: {usage:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
