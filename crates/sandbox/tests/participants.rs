//! Participants and the number-pair rule, ConversationWithParticipants and ParticipantConversations.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn a_participant_comes_back_with_its_messaging_binding() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Order 7001").await;
    let added = sandbox.add(&sid, "whatsapp:+34600000099", WA_2).await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert!(added.body["sid"].as_str().unwrap().starts_with("MB"));
    assert_eq!(
        added.body["messaging_binding"],
        json!({"type": "whatsapp", "address": "whatsapp:+34600000099", "proxy_address": WA_2})
    );
    let listed = sandbox
        .get(&format!("/v1/Conversations/{sid}/Participants"))
        .await;
    assert_eq!(listed.body["participants"][0]["sid"], added.body["sid"]);
}

#[tokio::test]
async fn a_pair_in_use_elsewhere_is_refused_with_50416_and_in_the_same_conversation_with_50437() {
    let sandbox = demo().await;
    let order_8812 = sandbox.demo_sid("Order 8812 — Robert ⇄ Alicia").await;
    let fresh = sandbox.conversation("Order 7002").await;
    let elsewhere = sandbox.add(&fresh, "whatsapp:+34600000001", WA_1).await;
    assert_eq!((elsewhere.status, elsewhere.code()), (409, 50416));
    assert!(
        elsewhere.body["message"]
            .as_str()
            .unwrap()
            .contains(&order_8812)
    );
    let again = sandbox
        .add(&order_8812, "whatsapp:+34600000001", WA_1)
        .await;
    assert_eq!(again.code(), 50437);
    let other_proxy = sandbox.add(&fresh, "whatsapp:+34600000001", WA_2).await;
    assert_eq!(
        other_proxy.status, 201,
        "the same person through another number is fine"
    );
}

#[tokio::test]
async fn a_closed_conversation_no_longer_holds_its_pairs() {
    let sandbox = demo().await;
    let fresh = sandbox.conversation("Patient 2231 again").await;
    let reused = sandbox.add(&fresh, "+15550100007", SMS_1).await;
    assert_eq!(
        reused.status, 201,
        "the clinic conversation is closed: {}",
        reused.body
    );
}

#[tokio::test]
async fn addresses_must_be_well_formed_distinct_and_on_the_same_channel_as_an_own_number() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Order 7003").await;
    assert_eq!(sandbox.add(&sid, SMS_1, SMS_1).await.code(), 50409);
    assert_eq!(sandbox.add(&sid, "+15550100050", WA_1).await.code(), 50408);
    assert_eq!(
        sandbox
            .add(&sid, "whatsapp:+15550100050", SMS_1)
            .await
            .code(),
        50408
    );
    assert_eq!(
        sandbox
            .add(&sid, "+15550100050", "+15559999999")
            .await
            .code(),
        50408
    );
    assert_eq!(sandbox.add(&sid, "555-0100", SMS_1).await.code(), 50407);
    let no_proxy = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Participants"),
            &[("MessagingBinding.Address", "+15550100050")],
        )
        .await;
    assert_eq!(no_proxy.code(), 50412);
}

#[tokio::test]
async fn chat_participants_are_unique_by_identity() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Support").await;
    let path = format!("/v1/Conversations/{sid}/Participants");
    let agent = sandbox.post(&path, &[("Identity", "agent-7")]).await;
    assert_eq!(agent.status, 201);
    assert!(agent.body["messaging_binding"].is_null());
    assert_eq!(
        sandbox.post(&path, &[("Identity", "agent-7")]).await.code(),
        50433
    );
}

#[tokio::test]
async fn removing_a_participant_frees_its_pair() {
    let sandbox = demo().await;
    let a = sandbox.conversation("A").await;
    let b = sandbox.conversation("B").await;
    let added = sandbox.add(&a, "+15550100060", SMS_2).await;
    let participant = added.body["sid"].as_str().unwrap();
    assert_eq!(sandbox.add(&b, "+15550100060", SMS_2).await.code(), 50416);
    let removed = sandbox
        .delete(&format!("/v1/Conversations/{a}/Participants/{participant}"))
        .await;
    assert_eq!(removed.status, 204);
    assert_eq!(sandbox.add(&b, "+15550100060", SMS_2).await.status, 201);
}

#[tokio::test]
async fn an_update_changes_attributes_and_the_proxy_but_keeps_the_pair_rule() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Order 7004").await;
    let added = sandbox.add(&sid, "whatsapp:+34600000001", WA_2).await;
    let path = format!(
        "/v1/Conversations/{sid}/Participants/{}",
        added.body["sid"].as_str().unwrap()
    );
    let updated = sandbox
        .post(&path, &[("Attributes", r#"{"role":"customer"}"#)])
        .await;
    assert_eq!(updated.body["attributes"], r#"{"role":"customer"}"#);
    let taken = sandbox
        .post(&path, &[("MessagingBinding.ProxyAddress", WA_1)])
        .await;
    assert_eq!(
        taken.code(),
        50416,
        "Robert ⇄ the first number is in order 8812"
    );
}

fn participant(address: &str, proxy: &str) -> String {
    json!({"messaging_binding": {"address": address, "proxy_address": proxy}}).to_string()
}

#[tokio::test]
async fn conversation_with_participants_creates_everything_in_one_request() {
    let sandbox = demo().await;
    let robert = participant("whatsapp:+34600000011", WA_1);
    let alicia = participant("+15550100011", SMS_1);
    let created = sandbox
        .post(
            "/v1/ConversationWithParticipants",
            &[
                ("FriendlyName", "Order 8820"),
                ("Participant", &robert),
                ("Participant", &alicia),
            ],
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let sid = created.body["sid"].as_str().unwrap();
    let participants = sandbox
        .get(&format!("/v1/Conversations/{sid}/Participants"))
        .await;
    assert_eq!(
        participants.body["participants"].as_array().unwrap().len(),
        2
    );
}

#[tokio::test]
async fn conversation_with_participants_is_all_or_nothing_when_a_pair_is_in_use() {
    let sandbox = demo().await;
    let before = sandbox
        .all("/v1/Conversations", "conversations")
        .await
        .len();
    let free = participant("+15550100012", SMS_2);
    let robert_in_use = participant("whatsapp:+34600000001", WA_1);
    let refused = sandbox
        .post(
            "/v1/ConversationWithParticipants",
            &[
                ("FriendlyName", "Order 8821"),
                ("Participant", &free),
                ("Participant", &robert_in_use),
            ],
        )
        .await;
    assert_eq!((refused.status, refused.code()), (409, 50425));
    assert_eq!(
        sandbox
            .all("/v1/Conversations", "conversations")
            .await
            .len(),
        before
    );
    let lookup = sandbox
        .get("/v1/ParticipantConversations?Address=%2B15550100012")
        .await;
    assert_eq!(lookup.body["conversations"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn conversation_with_participants_takes_at_most_ten() {
    let sandbox = demo().await;
    let many: Vec<String> = (0..11)
        .map(|i| participant(&format!("+155501002{i:02}"), SMS_1))
        .collect();
    let mut form = vec![("FriendlyName", "Crowd")];
    form.extend(many.iter().map(|p| ("Participant", p.as_str())));
    assert_eq!(
        sandbox
            .post("/v1/ConversationWithParticipants", &form)
            .await
            .code(),
        50426
    );
}

#[tokio::test]
async fn conversation_with_participants_refuses_a_pair_given_twice_or_a_taken_unique_name() {
    let sandbox = demo().await;
    let before = sandbox
        .all("/v1/Conversations", "conversations")
        .await
        .len();
    let alicia = participant("+15550100013", SMS_1);
    let twice = sandbox
        .post(
            "/v1/ConversationWithParticipants",
            &[("Participant", &alicia), ("Participant", &alicia)],
        )
        .await;
    assert_eq!((twice.status, twice.code()), (409, 50437));
    let named = sandbox
        .post("/v1/Conversations", &[("UniqueName", "order-8830")])
        .await;
    assert_eq!(named.status, 201, "{}", named.body);
    let taken = sandbox
        .post(
            "/v1/ConversationWithParticipants",
            &[("UniqueName", "order-8830"), ("Participant", &alicia)],
        )
        .await;
    assert_eq!((taken.status, taken.code()), (409, 50353));
    // Too many is refused before any participant is read.
    let unread = vec![("Participant", "not JSON"); 11];
    let many = sandbox
        .post("/v1/ConversationWithParticipants", &unread)
        .await;
    assert_eq!((many.status, many.code()), (400, 50426));
    assert_eq!(
        sandbox
            .all("/v1/Conversations", "conversations")
            .await
            .len(),
        before + 1
    );
}

#[tokio::test]
async fn participant_conversations_lists_where_an_address_is_with_each_state() {
    let sandbox = demo().await;
    let reply = sandbox
        .get("/v1/ParticipantConversations?Address=whatsapp%3A%2B34600000001")
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let found = reply.body["conversations"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["conversation_friendly_name"],
        "Order 8812 — Robert ⇄ Alicia"
    );
    assert_eq!(found[0]["conversation_state"], "active");
    assert_eq!(
        found[0]["participant_messaging_binding"]["proxy_address"],
        WA_1
    );
    let closed = sandbox
        .get("/v1/ParticipantConversations?Address=%2B15550100007")
        .await;
    assert_eq!(
        closed.body["conversations"][0]["conversation_state"],
        "closed"
    );
}
