//! The simulated phones page's refusals: a handset that is not an address, an empty message and a
//! number the account does not own are said from the catalog of refusals, and nothing is sent;
//! every handset the dashboard accepts (7 to 15 digits) can write.

use serde_json::{Value, json};
use switchboard_catalog::problems;
use switchboard_core::Language;
use switchboard_core::api::{AuditPage, ErrorBody, NumberPool, Said};

use crate::common::phones::write;
use crate::common::said::{filled, refused_saying, values};
use crate::common::{Client, expect, spawn};

const HANDSET: &str = "+15550100099";
const WHATSAPP_HANDSET: &str = "whatsapp:+34622000199";

/// `from` writes `body` to `to`, refused with 422: what the answer names, checked against its English.
async fn refused(client: &Client, from: &str, to: &str, body: &str) -> Said {
    let answer = client
        .post_json(
            "/api/v1/sandbox/phones/messages",
            &json!({ "from": from, "to": to, "body": body }),
        )
        .await;
    refused_saying(answer, 422).await
}

/// Everything `handset` received and sent.
async fn messages(client: &Client, handset: &str) -> Vec<Value> {
    let path = format!(
        "/api/v1/sandbox/phones/{}/messages",
        handset.replace('+', "%2B")
    );
    let page: Value = client.get_ok(&path).await;
    page["messages"].as_array().unwrap().clone()
}

/// The refusal the audit log kept for the one failed handset message.
async fn audited(client: &Client) -> Said {
    let log: AuditPage = client
        .get_ok("/api/v1/audit?action=sandbox.phone_message")
        .await;
    let mut failed = log.entries.into_iter().filter(|e| e.error.is_some());
    let entry = failed.next().expect("the refusal is audited");
    assert!(failed.next().is_none(), "one refusal, audited once");
    let said = entry.said.expect("the audit entry keeps its sentence");
    let english = problems(Language::English).get(&said.key).unwrap();
    assert_eq!(entry.error, Some(filled(english, &said.values)));
    said
}

async fn pool(client: &Client) -> NumberPool {
    client.get_ok("/api/v1/numbers").await
}

#[tokio::test]
async fn a_handset_that_is_not_an_address_is_refused_with_its_problem() {
    let app = spawn().await;
    let sms = pool(&app.admin).await.sms[0].clone();
    let phones: Value = app.admin.get_ok("/api/v1/sandbox/phones").await;

    let said = refused(&app.admin, "+34 6OO 000 001", &sms, "Hello").await;
    assert_eq!(said.key, "phone_address");
    let problem = &said.within["problem"];
    assert_eq!(problem.key, "number_characters");
    assert_eq!(
        said.values["problem"],
        problems(Language::English).number_characters
    );
    let after: Value = app.admin.get_ok("/api/v1/sandbox/phones").await;
    assert_eq!(after, phones, "no handset wrote");
    assert_eq!(audited(&app.admin).await, said);

    let listed = app
        .admin
        .get("/api/v1/sandbox/phones/%2B34%20600/messages")
        .await;
    let listed: ErrorBody = expect(listed, 422).await;
    let listed = listed.said.expect("the refusal names its sentence");
    assert_eq!(listed.key, "phone_address");
    assert_eq!(listed.within["problem"].key, "number_length");
    assert_eq!(listed.within["problem"].values, values(&[("digits", "5")]));

    // A handset typed with spaces is the same handset written as the sandbox keeps it.
    write(&app.admin, "+1 555 010 0099", &sms, "Spaced").await;
    let sent = messages(&app.admin, HANDSET).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (&sent[0]["from"], &sent[0]["body"]),
        (&json!(HANDSET), &json!("Spaced"))
    );
    assert_eq!(messages(&app.admin, "+1 (555) 010-0099").await, sent);

    // The shortest numbers in use (7 digits, as in Niue) write as any other handset.
    write(&app.admin, "+683 4002", &sms, "Short").await;
    let sent = messages(&app.admin, "+6834002").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["body"], json!("Short"));
}

#[tokio::test]
async fn an_empty_message_from_a_simulated_phone_is_refused() {
    let app = spawn().await;
    let sms = pool(&app.admin).await.sms[0].clone();
    write(&app.admin, HANDSET, &sms, "First").await;
    let before = messages(&app.admin, HANDSET).await;

    let said = refused(&app.admin, HANDSET, &sms, " \n ").await;
    assert_eq!(said.key, "phone_body_empty");
    assert!(said.values.is_empty(), "{said:?}");
    assert_eq!(messages(&app.admin, HANDSET).await, before, "nothing sent");
    assert_eq!(audited(&app.admin).await, said);
}

#[tokio::test]
async fn a_number_the_account_does_not_own_on_the_handsets_channel_is_named() {
    let app = spawn().await;
    let numbers = pool(&app.admin).await;
    let (sms, whatsapp) = (numbers.sms[0].clone(), numbers.whatsapp[0].clone());
    write(&app.admin, HANDSET, &sms, "First").await;
    let before = messages(&app.admin, HANDSET).await;

    let said = refused(&app.admin, HANDSET, "+15559990000", "Hello?").await;
    assert_eq!(said.key, "phone_to_not_ours");
    let expected = values(&[("to", "+15559990000"), ("channel", "SMS")]);
    assert_eq!(said.values, expected);
    assert_eq!(messages(&app.admin, HANDSET).await, before, "nothing sent");
    assert_eq!(audited(&app.admin).await, said);

    // An SMS number the account owns is still not one of its WhatsApp numbers.
    write(&app.admin, WHATSAPP_HANDSET, &whatsapp, "First").await;
    let before = messages(&app.admin, WHATSAPP_HANDSET).await;
    let said = refused(&app.admin, WHATSAPP_HANDSET, &sms, "Hello?").await;
    assert_eq!(said.key, "phone_to_not_ours");
    let expected = values(&[("to", sms.as_str()), ("channel", "WhatsApp")]);
    assert_eq!(said.values, expected);
    assert_eq!(
        messages(&app.admin, WHATSAPP_HANDSET).await,
        before,
        "nothing sent"
    );
}
