//! Messages through simulated handsets: relay both ways, the WhatsApp 24-hour window, templates.

mod common;

use common::*;
use serde_json::Value;

const ROBERT: &str = "whatsapp:+34600000001";
const ALICIA: &str = "+15550100001";

/// The text of the last message the handset received.
fn last_body(messages: &[Value]) -> &str {
    messages
        .iter()
        .rev()
        .find(|m| m["direction"] == "received")
        .expect("something received")["body"]
        .as_str()
        .unwrap()
}

fn received(messages: &[Value]) -> Vec<&str> {
    messages
        .iter()
        .filter(|m| m["direction"] == "received")
        .map(|m| m["body"].as_str().unwrap())
        .collect()
}

async fn template_sid(sandbox: &Sandbox, name: &str) -> String {
    let list = sandbox.get("/v1/ContentAndApprovals").await;
    list.body["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["friendly_name"] == name)
        .unwrap()["sid"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn sms_and_whatsapp_participants_reach_each_other_through_their_own_numbers() {
    let sandbox = demo().await;
    let order = sandbox.demo_sid("Order 8812 — Robert ⇄ Alicia").await;
    let sent = sandbox.text(ROBERT, WA_1, "Are you close?").await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    assert_eq!(sent.body["conversation_sid"], order.as_str());
    let alicia = sandbox.handset(ALICIA).await;
    assert_eq!(last_body(&alicia), "Are you close?");
    assert_eq!(
        alicia.last().unwrap()["from"],
        SMS_1,
        "Alicia sees the business number, not Robert's"
    );
    assert_eq!(alicia.last().unwrap()["direction"], "received");

    sandbox.text(ALICIA, SMS_1, "Two minutes away").await;
    let robert = sandbox.handset(ROBERT).await;
    assert_eq!(last_body(&robert), "Two minutes away");
    assert_eq!(robert.last().unwrap()["from"], WA_1);

    let messages = sandbox
        .get(&format!(
            "/v1/Conversations/{order}/Messages?Order=desc&PageSize=2"
        ))
        .await;
    let newest = &messages.body["messages"][0];
    assert_eq!(newest["author"], ALICIA);
    assert_eq!(newest["body"], "Two minutes away");
    assert_eq!(newest["delivery"]["delivered"], "all");
    assert!(
        newest["index"].as_u64().unwrap() > messages.body["messages"][1]["index"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn two_whatsapp_users_talk_through_one_business_number_and_a_second_pairing_conflicts() {
    let sandbox = demo().await;
    let (customer, rider) = ("whatsapp:+34600000021", "whatsapp:+15550100021");
    let sid = sandbox.conversation("Order 8830").await;
    assert_eq!(sandbox.add(&sid, customer, WA_2).await.status, 201);
    assert_eq!(sandbox.add(&sid, rider, WA_2).await.status, 201);
    sandbox.text(rider, WA_2, "On my way").await;
    sandbox.text(customer, WA_2, "Hi, where are you?").await;
    sandbox.text(rider, WA_2, "At the gate").await;
    assert_eq!(
        received(&sandbox.handset(rider).await),
        ["Hi, where are you?"]
    );
    assert_eq!(
        received(&sandbox.handset(customer).await),
        ["At the gate"],
        "\"On my way\" came before the customer had written, outside their window"
    );

    let other = sandbox.conversation("Order 8831").await;
    assert_eq!(sandbox.add(&other, customer, WA_2).await.code(), 50416);
    let lookup = sandbox
        .get("/v1/ParticipantConversations?Address=whatsapp%3A%2B34600000021")
        .await;
    assert_eq!(
        lookup.body["conversations"][0]["conversation_sid"],
        sid.as_str()
    );
    assert_eq!(
        sandbox.add(&other, customer, WA_1).await.status,
        201,
        "another number is free"
    );
}

#[tokio::test]
async fn outside_the_window_free_text_to_whatsapp_fails_with_63016_but_sms_is_delivered() {
    let sandbox = demo().await;
    let order = sandbox.demo_sid("Order 8812 — Robert ⇄ Alicia").await;
    sandbox.advance("PT25H").await;
    let sent = sandbox
        .post(
            &format!("/v1/Conversations/{order}/Messages"),
            &[("Author", "system"), ("Body", "Still there?")],
        )
        .await;
    assert_eq!(
        sent.status, 201,
        "created even though WhatsApp will refuse it"
    );
    assert_eq!(sent.body["delivery"]["failed"], "some");
    let receipts = sandbox
        .get_url(&format!("{}/Receipts", sent.body["url"].as_str().unwrap()))
        .await;
    let receipts = receipts.body["delivery_receipts"]
        .as_array()
        .unwrap()
        .clone();
    let whatsapp = receipts
        .iter()
        .find(|r| r["error_code"] == 63016)
        .expect("a 63016 receipt");
    assert_eq!(whatsapp["status"], "failed");
    assert!(
        receipts
            .iter()
            .any(|r| r["status"] == "delivered" && r["error_code"] == 0)
    );
    assert_ne!(last_body(&sandbox.handset(ROBERT).await), "Still there?");
    assert_eq!(last_body(&sandbox.handset(ALICIA).await), "Still there?");

    sandbox.text(ROBERT, WA_1, "Sorry, I was out").await;
    let after = sandbox
        .post(
            &format!("/v1/Conversations/{order}/Messages"),
            &[("Body", "Welcome back")],
        )
        .await;
    assert_eq!(
        after.body["delivery"]["delivered"], "all",
        "Robert's reply reopened the window"
    );
}

#[tokio::test]
async fn an_approved_template_is_delivered_outside_the_window_with_its_variables_filled_in() {
    let sandbox = demo().await;
    let order = sandbox.demo_sid("Order 8813 — Maria ⇄ Bruno").await;
    let template = template_sid(&sandbox, "delivery_rider_needs_help").await;
    let sent = sandbox
        .post(
            &format!("/v1/Conversations/{order}/Messages"),
            &[
                ("Author", "whatsapp:+15550100002"),
                ("ContentSid", &template),
                ("ContentVariables", r#"{"1":"Maria","2":"Bruno"}"#),
            ],
        )
        .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    assert_eq!(sent.body["content_sid"], template.as_str());
    assert_eq!(sent.body["delivery"]["delivered"], "all");
    let maria = sandbox.handset("whatsapp:+34600000002").await;
    assert!(
        last_body(&maria)
            .starts_with("Hello Maria, your food delivery is almost there but Bruno (your rider)")
    );
}

#[tokio::test]
async fn a_template_not_yet_approved_fails_outside_the_window() {
    let sandbox = demo().await;
    let order = sandbox.demo_sid("Order 8813 — Maria ⇄ Bruno").await;
    let pending = template_sid(&sandbox, "appointment_reminder").await;
    let sent = sandbox
        .post(
            &format!("/v1/Conversations/{order}/Messages"),
            &[("ContentSid", &pending)],
        )
        .await;
    assert_eq!(sent.status, 201);
    assert_eq!(sent.body["delivery"]["failed"], "all");
}

#[tokio::test]
async fn template_variables_are_checked_as_conversations_checks_them() {
    let sandbox = demo().await;
    let order = sandbox.demo_sid("Order 8812 — Robert ⇄ Alicia").await;
    let template = template_sid(&sandbox, "delivery_rider_needs_help").await;
    let path = format!("/v1/Conversations/{order}/Messages");
    let send = |vars: &'static str| {
        let (path, template) = (path.clone(), template.clone());
        let sandbox = &sandbox;
        async move {
            sandbox
                .post(
                    &path,
                    &[("ContentSid", &template), ("ContentVariables", vars)],
                )
                .await
                .code()
        }
    };
    assert_eq!(send("not json").await, 50527);
    assert_eq!(send(r#"{"1":""}"#).await, 21656);
    let long = Box::leak(format!(r#"{{"1":"{}"}}"#, "x".repeat(300)).into_boxed_str());
    assert_eq!(send(long).await, 50541);
    let without_content = sandbox
        .post(&path, &[("ContentVariables", r#"{"1":"a"}"#)])
        .await;
    assert_eq!(without_content.code(), 50528);
    let unknown = sandbox
        .post(
            &path,
            &[("ContentSid", "HX00000000000000000000000000000000")],
        )
        .await;
    assert_eq!(unknown.code(), 21655);
    let newline = sandbox
        .post(
            &path,
            &[
                ("ContentSid", &template),
                ("ContentVariables", "{\"1\":\"Rob\\nert\"}"),
            ],
        )
        .await;
    assert_eq!(newline.status, 201);
    let receipts = sandbox
        .get_url(&format!(
            "{}/Receipts",
            newline.body["url"].as_str().unwrap()
        ))
        .await;
    assert!(
        receipts.body["delivery_receipts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["error_code"] == 63013)
    );
}

#[tokio::test]
async fn a_message_can_be_fetched_edited_and_deleted() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Notes").await;
    let path = format!("/v1/Conversations/{sid}/Messages");
    let sent = sandbox
        .post(
            &path,
            &[
                ("Author", "agent-7"),
                ("Body", "First"),
                ("Attributes", r#"{"pin":true}"#),
            ],
        )
        .await;
    assert_eq!(sent.body["index"], 0);
    assert!(
        sent.body["delivery"].is_null(),
        "nobody on SMS or WhatsApp to deliver to"
    );
    let message = format!("{path}/{}", sent.body["sid"].as_str().unwrap());
    let edited = sandbox.post(&message, &[("Body", "First, edited")]).await;
    assert_eq!(edited.body["body"], "First, edited");
    assert!(edited.body["date_updated"].is_string());
    assert_eq!(sandbox.get(&message).await.body["body"], "First, edited");
    assert_eq!(sandbox.delete(&message).await.status, 204);
    assert_eq!(sandbox.get(&message).await.status, 404);
    let next = sandbox.post(&path, &[("Body", "Second")]).await;
    assert_eq!(next.body["index"], 1, "indexes are not reused");
    assert_eq!(sandbox.post(&path, &[("Author", "x")]).await.code(), 21602);
}

#[tokio::test]
async fn a_rest_message_is_at_most_1600_characters_but_a_handsets_is_relayed_whole() {
    let sandbox = demo().await;
    let sid = sandbox.conversation("Order 9004").await;
    let long = "x".repeat(1601);
    let refused = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Messages"),
            &[("Body", long.as_str())],
        )
        .await;
    assert_eq!((refused.status, refused.code()), (400, 50505));
    let sent = sandbox.text("+15550100098", SMS_2, &long).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let conversation = sent.body["conversation_sid"].as_str().unwrap();
    let messages = sandbox
        .get(&format!("/v1/Conversations/{conversation}/Messages"))
        .await;
    assert_eq!(messages.body["messages"][0]["body"], long.as_str());
}

#[tokio::test]
async fn an_inbound_message_with_no_conversation_creates_one() {
    let sandbox = demo().await;
    let sent = sandbox
        .text("+15550100099", SMS_2, "Hello? I have a question")
        .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let sid = sent.body["conversation_sid"].as_str().unwrap();
    let participants = sandbox
        .get(&format!("/v1/Conversations/{sid}/Participants"))
        .await;
    assert_eq!(
        participants.body["participants"][0]["messaging_binding"]["address"],
        "+15550100099"
    );
    let messages = sandbox
        .get(&format!("/v1/Conversations/{sid}/Messages"))
        .await;
    assert_eq!(
        messages.body["messages"][0]["body"],
        "Hello? I have a question"
    );
    let phones = sandbox.get("/sandbox/v1/Phones").await;
    assert!(
        phones.body["phones"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["address"] == "+15550100099")
    );
    assert_eq!(
        sandbox
            .text("+15550100099", "+15551234567", "hi")
            .await
            .code(),
        21606
    );
}

#[tokio::test]
async fn an_inbound_message_reactivates_an_inactive_conversation() {
    let sandbox = demo().await;
    let viewing = sandbox
        .demo_sid("Viewing 14 Elm St — Chen ⇄ agent Dana")
        .await;
    sandbox
        .text("+15550100003", SMS_2, "Is the flat still free?")
        .await;
    let fetched = sandbox.get(&format!("/v1/Conversations/{viewing}")).await;
    assert_eq!(fetched.body["state"], "active");
}
