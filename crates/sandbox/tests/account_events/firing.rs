//! The level in force fires its post-event webhook for each event its filters hold.

use std::collections::HashSet;
use std::time::Duration;

use secrecy::ExposeSecret;
use serde_json::Value;

use super::receiver::{Received, receiver};
use super::{POST_EVENTS, chat_service, set_account};
use crate::common::*;

/// Every request is signed with the account's token (and no other), carries a fresh idempotency
/// token and the fields every event shares.
fn assert_common(sandbox: &Sandbox, service: &str, got: &[Received]) {
    let token = sandbox.running.auth_token.expose_secret();
    let mut tokens = HashSet::new();
    for r in got {
        assert!(r.signed_with(token), "{} is not signed: {r:?}", r.event());
        assert!(!r.signed_with("another-token"));
        assert!(tokens.insert(r.idempotency_token.clone()), "{r:?}");
        assert!(!r.idempotency_token.is_empty());
        assert_eq!(
            r.param("AccountSid"),
            Some(sandbox.running.account_sid.as_str())
        );
        assert_eq!(r.param("ChatServiceSid"), Some(service));
        assert_eq!(r.param("RetryCount"), Some("0"));
        assert!(
            r.param("DateCreated").is_some_and(|d| d.ends_with('Z')),
            "{r:?}"
        );
        assert!(
            r.param("ConversationSid")
                .is_some_and(|c| c.starts_with("CH"))
        );
    }
}

#[tokio::test]
async fn each_rest_change_fires_its_event_signed_and_in_order() {
    let sandbox = demo().await;
    let service = chat_service(&sandbox).await;
    let (base, inbox) = receiver().await;
    set_account(&sandbox, &format!("{base}/events"), &POST_EVENTS).await;

    let created = sandbox
        .post_firing(
            "/v1/Conversations",
            &[
                ("FriendlyName", "Order 9001"),
                ("UniqueName", "order-9001"),
                ("Attributes", r#"{"ref":"9001"}"#),
            ],
        )
        .await;
    let sid = created.body["sid"].as_str().unwrap().to_owned();
    let c = format!("/v1/Conversations/{sid}");
    let added = sandbox
        .post_firing(
            &format!("{c}/Participants"),
            &[
                ("MessagingBinding.Address", "+15550100777"),
                ("MessagingBinding.ProxyAddress", SMS_1),
                ("Attributes", r#"{"name":"Ana"}"#),
            ],
        )
        .await;
    let participant = added.body["sid"].as_str().unwrap().to_owned();
    let p = format!("{c}/Participants/{participant}");
    sandbox
        .post_firing(&p, &[("Attributes", r#"{"name":"Ana B"}"#)])
        .await;
    let sent = sandbox
        .post_firing(
            &format!("{c}/Messages"),
            &[("Author", "operator"), ("Body", "On its way")],
        )
        .await;
    let message = sent.body["sid"].as_str().unwrap().to_owned();
    let m = format!("{c}/Messages/{message}");
    sandbox
        .post_firing(&m, &[("Body", "On its way, 5 min")])
        .await;
    sandbox.delete_firing(&m).await;
    sandbox
        .post_firing(&c, &[("State", "inactive"), ("Timers.Closed", "PT1H")])
        .await;
    sandbox.delete_firing(&p).await;
    assert_eq!(sandbox.delete_firing(&c).await.status, 204);

    let got = inbox.wait_for(11).await;
    let order: Vec<&str> = got.iter().map(Received::event).collect();
    assert_eq!(
        order,
        [
            "onConversationAdded",
            "onParticipantAdded",
            "onParticipantUpdated",
            "onMessageAdded",
            "onDeliveryUpdated",
            "onMessageUpdated",
            "onMessageRemoved",
            "onConversationUpdated",
            "onConversationStateUpdated",
            "onParticipantRemoved",
            "onConversationRemoved",
        ]
    );
    assert_common(&sandbox, &service, &got);
    assert!(
        got.iter()
            .all(|r| r.param("ConversationSid") == Some(sid.as_str()))
    );
    assert!(got.iter().all(|r| r.url == format!("{base}/events")));
    let event = |name: &str| got.iter().find(|r| r.event() == name).unwrap();

    let conversation = event("onConversationAdded");
    assert_eq!(conversation.param("Source"), Some("API"));
    assert_eq!(conversation.param("FriendlyName"), Some("Order 9001"));
    assert_eq!(conversation.param("UniqueName"), Some("order-9001"));
    assert_eq!(conversation.param("Attributes"), Some(r#"{"ref":"9001"}"#));
    assert_eq!(conversation.param("State"), Some("active"));
    assert!(conversation.param("DateUpdated").is_some());

    let joined = event("onParticipantAdded");
    assert_eq!(joined.param("ParticipantSid"), Some(participant.as_str()));
    assert_eq!(
        joined.param("MessagingBinding.Address"),
        Some("+15550100777")
    );
    assert_eq!(joined.param("MessagingBinding.ProxyAddress"), Some(SMS_1));
    assert_eq!(joined.param("Attributes"), Some(r#"{"name":"Ana"}"#));
    assert_eq!(joined.param("Source"), Some("API"));
    let renamed = event("onParticipantUpdated");
    assert_eq!(renamed.param("Attributes"), Some(r#"{"name":"Ana B"}"#));
    assert!(event("onParticipantRemoved").param("DateRemoved").is_some());

    let text = event("onMessageAdded");
    assert_eq!(text.param("MessageSid"), Some(message.as_str()));
    assert_eq!(text.param("Index"), Some("0"));
    assert_eq!(text.param("Author"), Some("operator"));
    assert_eq!(text.param("Body"), Some("On its way"));
    assert_eq!(text.param("Source"), Some("API"));
    assert_eq!(
        event("onMessageUpdated").param("Body"),
        Some("On its way, 5 min")
    );
    assert!(event("onMessageRemoved").param("DateRemoved").is_some());

    let delivery = event("onDeliveryUpdated");
    assert_eq!(delivery.param("MessageSid"), Some(message.as_str()));
    assert_eq!(delivery.param("ParticipantSid"), Some(participant.as_str()));
    assert_eq!(delivery.param("Status"), Some("delivered"));
    assert_eq!(delivery.param("ErrorCode"), Some("0"));
    assert!(
        delivery
            .param("DeliveryReceiptSid")
            .is_some_and(|s| s.starts_with("DY"))
    );
    assert!(
        delivery
            .param("ChannelMessageSid")
            .is_some_and(|s| s.starts_with("SM"))
    );

    let updated = event("onConversationUpdated");
    assert_eq!(updated.param("State"), Some("inactive"));
    assert!(updated.param("Timers.DateClosed").is_some());
    let moved = event("onConversationStateUpdated");
    assert_eq!(moved.param("StateFrom"), Some("active"));
    assert_eq!(moved.param("StateTo"), Some("inactive"));
    assert_eq!(moved.param("Reason"), Some("API"));
    assert!(
        event("onConversationRemoved")
            .param("DateRemoved")
            .is_some()
    );
}

#[tokio::test]
async fn a_handset_message_and_a_timer_fire_without_being_asked() {
    let sandbox = demo().await;
    let service = chat_service(&sandbox).await;
    let (base, inbox) = receiver().await;
    set_account(&sandbox, &format!("{base}/events"), &POST_EVENTS).await;

    let customer = "+15550100888";
    assert_eq!(
        sandbox
            .text(customer, SMS_1, "Where is my order?")
            .await
            .status,
        201
    );
    let got = inbox.wait_for(3).await;
    let order: Vec<&str> = got.iter().map(Received::event).collect();
    assert_eq!(
        order,
        [
            "onConversationAdded",
            "onParticipantAdded",
            "onMessageAdded"
        ]
    );
    assert_common(&sandbox, &service, &got);
    assert_eq!(got[0].param("Source"), Some("SMS"));
    assert_eq!(got[0].param("MessagingBinding.Address"), Some(customer));
    assert_eq!(got[0].param("MessagingBinding.ProxyAddress"), Some(SMS_1));
    assert_eq!(got[1].param("Source"), Some("SMS"));
    assert_eq!(got[2].param("Source"), Some("SMS"));
    assert_eq!(got[2].param("Author"), Some(customer));
    assert_eq!(got[2].param("Body"), Some("Where is my order?"));

    let timed = sandbox
        .post(
            "/v1/Conversations",
            &[("State", "active"), ("Timers.Inactive", "PT5M")],
        )
        .await;
    let sid = timed.body["sid"].as_str().unwrap().to_owned();
    sandbox.advance("PT6M").await;
    let of_timed = |all: Vec<Received>| -> Vec<Received> {
        all.into_iter()
            .filter(|r| r.param("ConversationSid") == Some(sid.as_str()))
            .collect()
    };
    let mut timer_events = Vec::new();
    for _ in 0..100 {
        timer_events = of_timed(inbox.all());
        if timer_events.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let names: Vec<&str> = timer_events.iter().map(Received::event).collect();
    assert_eq!(
        names,
        ["onConversationUpdated", "onConversationStateUpdated"],
        "the REST create was silent, the timer was not"
    );
    assert_eq!(timer_events[1].param("Reason"), Some("TIMER"));
    assert_eq!(timer_events[1].param("StateTo"), Some("inactive"));
}

#[tokio::test]
async fn the_service_level_takes_the_account_levels_place_where_set() {
    let sandbox = demo().await;
    let service = chat_service(&sandbox).await;
    let (base, inbox) = receiver().await;
    set_account(&sandbox, &format!("{base}/account"), &POST_EVENTS).await;
    let service_path = format!("/v1/Services/{service}/Configuration/Webhooks");
    let service_url = format!("{base}/service?tenant=1");
    let set = sandbox
        .post(
            &service_path,
            &[
                ("PostWebhookUrl", service_url.as_str()),
                ("Filters", "onConversationAdded"),
                ("Method", "GET"),
            ],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);

    let first = sandbox
        .post_firing("/v1/Conversations", &[("FriendlyName", "Service level")])
        .await;
    let first_sid = first.body["sid"].as_str().unwrap();
    sandbox
        .post_firing(
            &format!("/v1/Conversations/{first_sid}"),
            &[("FriendlyName", "not in the service's filters")],
        )
        .await;
    sandbox.post(&service_path, &[("PostWebhookUrl", "")]).await;
    let second = sandbox
        .post_firing("/v1/Conversations", &[("FriendlyName", "Account level")])
        .await;

    let got = inbox.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let got_all = inbox.all();
    assert_eq!(got_all.len(), 2, "{got_all:#?}");
    assert_common(&sandbox, &service, &got);
    assert!(
        got[0].url.starts_with(&format!("{service_url}&")),
        "{}",
        got[0].url
    );
    assert_eq!(got[0].param("ConversationSid"), Some(first_sid));
    assert_eq!(got[0].event(), "onConversationAdded");
    assert_eq!(got[1].url, format!("{base}/account"));
    assert_eq!(got[1].param("ConversationSid"), second.body["sid"].as_str());
}

#[tokio::test]
async fn a_drop_events_fault_drops_about_the_share_asked_and_records_each() {
    let sandbox = demo().await;
    let (base, inbox) = receiver().await;
    set_account(
        &sandbox,
        &format!("{base}/events"),
        &["onConversationAdded"],
    )
    .await;
    let fault = sandbox
        .post(
            "/sandbox/v1/Faults",
            &[
                ("Type", "drop_events"),
                ("Path", "/events"),
                ("Rate", "0.2"),
            ],
        )
        .await;
    assert_eq!(fault.status, 201, "{}", fault.body);
    const SENT: usize = 400;
    for i in 0..SENT {
        let name = format!("Drop {i}");
        let reply = sandbox
            .post_firing("/v1/Conversations", &[("FriendlyName", name.as_str())])
            .await;
        assert_eq!(reply.status, 201);
    }
    let mut recorded: Vec<Value> = Vec::new();
    for _ in 0..200 {
        let reply = sandbox
            .get("/sandbox/v1/Webhooks/Deliveries?WebhookSid=account&PageSize=1000")
            .await;
        recorded = reply.body["deliveries"].as_array().unwrap().clone();
        if recorded.len() >= SENT {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        recorded.len(),
        SENT,
        "every event is recorded, dropped or not"
    );
    let dropped = recorded
        .iter()
        .filter(|d| d["error"] == "dropped by a drop_events fault")
        .count();
    let delivered = recorded.iter().filter(|d| d["status"] == 200).count();
    assert_eq!(dropped + delivered, SENT);
    assert_eq!(
        inbox.all().len(),
        delivered,
        "a dropped event never arrives"
    );
    // 20% of 400 is 80, with a standard deviation of 8: 40..=120 is five deviations either side.
    assert!((40..=120).contains(&dropped), "{dropped} of {SENT} dropped");
    let faults = sandbox.get("/sandbox/v1/Faults").await;
    assert_eq!(faults.body["faults"][0]["injected"], dropped);
}
