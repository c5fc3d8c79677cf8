//! Sending messages and templates, with the WhatsApp 24-hour window judged on the sandbox's clock.

use crate::common;

use crate::common::said::values;
use crate::common::{Client, TestApp, expect, expect_refusal, spawn};
use serde_json::json;
use switchboard_core::Channel;
use switchboard_core::api::{
    ConversationDetail, ConversationPage, ConversationRow, ErrorBody, ListSource, MessageContent,
    MessageView, PairingCreated, PairingRequest, PairingSide, ParticipantView, SendMessage,
    TemplatePreview, TemplateValues, TemplateView, WhatsappWindow,
};

const CUSTOMER: &str = "whatsapp:+34622000111";
const RIDER: &str = "+15550100077";

/// A fresh pairing: a WhatsApp customer who has never written, and an SMS rider.
async fn paired(app: &TestApp) -> (String, PairingCreated) {
    let request = PairingRequest {
        friendly_name: "Order 7001 — Lucia ⇄ Marco".into(),
        reference: Some("7001".into()),
        sides: [
            PairingSide {
                name: Some("Lucia".into()),
                channel: Channel::Whatsapp,
                number: "+34 622 000 111".into(),
                proxy: None,
                language: None,
            },
            PairingSide {
                name: Some("Marco".into()),
                channel: Channel::Sms,
                number: RIDER.into(),
                proxy: None,
                language: None,
            },
        ],
        end: None,
    };
    let created: PairingCreated =
        expect(app.admin.post_json("/api/v1/pairings", &request).await, 201).await;
    (created.conversation_sid.clone(), created)
}

async fn detail(client: &Client, sid: &str) -> ConversationDetail {
    client.get_ok(&format!("/api/v1/conversations/{sid}")).await
}

async fn participant(client: &Client, sid: &str, address: &str) -> ParticipantView {
    detail(client, sid)
        .await
        .conversation
        .participants
        .into_iter()
        .find(|p| p.address.as_deref() == Some(address))
        .unwrap()
}

/// Whether `handset` has received `body`.
async fn received(client: &Client, handset: &str, body: &str) -> bool {
    common::phones::received(client, handset)
        .await
        .contains(&body.to_owned())
}

fn text(body: &str, author: Option<&str>) -> SendMessage {
    SendMessage {
        author_participant_sid: author.map(Into::into),
        content: MessageContent::Text { body: body.into() },
    }
}

async fn template_sid(client: &Client, starts_with: &str) -> TemplateView {
    let templates: Vec<TemplateView> = client.get_ok("/api/v1/templates").await;
    templates
        .into_iter()
        .find(|t| {
            t.body
                .as_deref()
                .is_some_and(|b| b.starts_with(starts_with))
        })
        .expect("seeded template")
}

#[tokio::test]
async fn free_form_whatsapp_waits_for_the_customer_and_stops_24_hours_after_their_last_message() {
    let app = spawn().await;
    let (sid, created) = paired(&app).await;
    let send_path = format!("/api/v1/conversations/{sid}/messages");
    let customer = participant(&app.admin, &sid, CUSTOMER).await;
    assert_eq!(customer.window, Some(WhatsappWindow::NotYet));

    let refused: ErrorBody = expect(
        app.admin.post_json(&send_path, &text("Hello!", None)).await,
        422,
    )
    .await;
    assert!(
        refused
            .message
            .starts_with("Lucia has not written on WhatsApp yet"),
        "{}",
        refused.message
    );
    assert!(refused.message.ends_with("Send a template instead."));

    common::phones::write(
        &app.admin,
        CUSTOMER,
        &created.proxies[0],
        "Hi, where is my food?",
    )
    .await;
    let customer = participant(&app.admin, &sid, CUSTOMER).await;
    assert!(
        matches!(customer.window, Some(WhatsappWindow::Open { .. })),
        "{:?}",
        customer.window
    );
    let sent: MessageView = expect(
        app.admin
            .post_json(&send_path, &text("On its way!", None))
            .await,
        201,
    )
    .await;
    assert_eq!(sent.body.as_deref(), Some("On its way!"));
    assert!(received(&app.admin, CUSTOMER, "On its way!").await);
    assert!(received(&app.admin, RIDER, "Hi, where is my food?").await);

    common::phones::advance_clock(&app.admin, "PT25H").await;
    let customer = participant(&app.admin, &sid, CUSTOMER).await;
    assert_eq!(customer.window, Some(WhatsappWindow::Closed));
    let refused: ErrorBody = expect(
        app.admin
            .post_json(&send_path, &text("Still there?", None))
            .await,
        422,
    )
    .await;
    assert!(
        refused
            .message
            .starts_with("Lucia has not written on WhatsApp in the last 24 hours"),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn a_message_sent_in_the_customers_name_leaves_their_window_closed_until_they_write() {
    let app = spawn().await;
    let (sid, created) = paired(&app).await;
    let send_path = format!("/api/v1/conversations/{sid}/messages");
    let customer = participant(&app.admin, &sid, CUSTOMER).await;
    let as_customer: MessageView = expect(
        app.admin
            .post_json(&send_path, &text("Is it far?", Some(&customer.sid)))
            .await,
        201,
    )
    .await;
    assert_eq!(
        as_customer.participant_sid.as_deref(),
        Some(customer.sid.as_str())
    );
    assert!(received(&app.admin, RIDER, "Is it far?").await);
    let customer = participant(&app.admin, &sid, CUSTOMER).await;
    assert_eq!(customer.window, Some(WhatsappWindow::NotYet));
    let refused: ErrorBody = expect(
        app.admin.post_json(&send_path, &text("Soon!", None)).await,
        422,
    )
    .await;
    assert!(
        refused
            .message
            .starts_with("Lucia has not written on WhatsApp yet"),
        "{}",
        refused.message
    );
    // Once the mirror has read the conversation again after the message, the list agrees.
    let time = |text: &str| {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
    };
    let sent_at = time(as_customer.date_created.as_deref().unwrap());
    let listed = listed_window(&app, &sid, |row| {
        row.confirmed_at
            .as_deref()
            .is_some_and(|at| time(at) >= sent_at)
            && row.last_message.as_ref().and_then(|m| m.preview.as_deref()) == Some("Is it far?")
    })
    .await;
    assert_eq!(listed, WhatsappWindow::NotYet);

    common::phones::write(&app.admin, CUSTOMER, &created.proxies[0], "Where are you?").await;
    let customer = participant(&app.admin, &sid, CUSTOMER).await;
    assert!(
        customer
            .window
            .as_ref()
            .is_some_and(WhatsappWindow::is_open)
    );
    let opened = |row: &ConversationRow| {
        customer_window(row)
            .as_ref()
            .is_some_and(WhatsappWindow::is_open)
    };
    listed_window(&app, &sid, opened).await;
    expect::<MessageView>(
        app.admin
            .post_json(&send_path, &text("Two minutes", None))
            .await,
        201,
    )
    .await;
}

fn customer_window(row: &ConversationRow) -> Option<WhatsappWindow> {
    row.participants
        .iter()
        .find(|p| p.address.as_deref() == Some(CUSTOMER))
        .and_then(|p| p.window.clone())
}

/// The customer's window as the list shows it, once the mirror answers the list with a row for
/// which `ready` holds.
async fn listed_window(
    app: &TestApp,
    sid: &str,
    ready: impl Fn(&ConversationRow) -> bool,
) -> WhatsappWindow {
    let mut last = None;
    for _ in 0..100 {
        let page: ConversationPage = app
            .admin
            .get_ok("/api/v1/conversations?q=Order%207001")
            .await;
        last = page
            .conversations
            .into_iter()
            .find(|row| row.sid == sid)
            .filter(|_| page.source == ListSource::Mirror);
        if let Some(row) = last.as_ref().filter(|row| ready(row)) {
            return customer_window(row).expect("the customer is on WhatsApp");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the list never showed the row as expected: {last:?}");
}

#[tokio::test]
async fn a_template_with_a_broken_rule_is_refused_and_a_good_one_reaches_the_phone_outside_the_window()
 {
    let app = spawn().await;
    let (sid, _) = paired(&app).await;
    let template = template_sid(&app.admin, "Hello {{1}}, your food delivery").await;
    assert_eq!(template.whatsapp_status, "approved");
    assert_eq!(template.placeholders, ["1", "2"]);

    let preview: TemplatePreview = app
        .admin
        .post_json("/api/v1/templates/preview", &json!({ "content_sid": template.sid, "values": values(&[("1", "Lucia"), ("2", "Marco\nRossi")]) }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        preview.messages,
        ["{{2}} has a line break or tab: WhatsApp refuses them in values"]
    );

    let path = format!("/api/v1/conversations/{sid}/messages");
    let broken = SendMessage {
        author_participant_sid: None,
        content: MessageContent::Template {
            template: TemplateValues {
                content_sid: template.sid.clone(),
                values: values(&[("1", "Lucia"), ("2", "Marco\nRossi")]),
            },
        },
    };
    let refused: ErrorBody = expect(app.admin.post_json(&path, &broken).await, 422).await;
    assert!(
        refused.message.contains("line break"),
        "{}",
        refused.message
    );
    let said = refused.said.expect("the refusal names its sentence");
    assert_eq!(
        (said.key.as_str(), said.values["placeholder"].as_str()),
        ("template_line_break", "{{2}}")
    );

    let good = SendMessage {
        content: MessageContent::Template {
            template: TemplateValues {
                content_sid: template.sid.clone(),
                values: values(&[("1", "Lucia"), ("2", "Marco")]),
            },
        },
        ..broken
    };
    let sent: MessageView = expect(app.admin.post_json(&path, &good).await, 201).await;
    assert_eq!(sent.template_sid.as_deref(), Some(template.sid.as_str()));
    let on_phone = common::phones::received(&app.admin, CUSTOMER).await;
    assert!(
        on_phone.iter().any(|m| m
            .starts_with("Hello Lucia, your food delivery is almost there but Marco (your rider)")),
        "{on_phone:?}"
    );
}

#[tokio::test]
async fn a_template_not_approved_by_whatsapp_cannot_be_sent() {
    let app = spawn().await;
    let (sid, _) = paired(&app).await;
    let templates: Vec<TemplateView> = app.admin.get_ok("/api/v1/templates").await;
    let pending = templates
        .iter()
        .find(|t| t.whatsapp_status == "pending")
        .expect("a seeded pending template");
    let request = SendMessage {
        author_participant_sid: None,
        content: MessageContent::Template {
            template: TemplateValues {
                content_sid: pending.sid.clone(),
                values: pending
                    .placeholders
                    .iter()
                    .map(|k| (k.clone(), "x".to_owned()))
                    .collect(),
            },
        },
    };
    let path = format!("/api/v1/conversations/{sid}/messages");
    let pending = "is pending by WhatsApp: only approved templates can be sent";
    expect_refusal(app.admin.post_json(&path, &request).await, 422, pending).await;
}

#[tokio::test]
async fn a_message_sent_as_the_rider_reaches_only_the_customer() {
    let app = spawn().await;
    let (sid, created) = paired(&app).await;
    common::phones::write(&app.admin, CUSTOMER, &created.proxies[0], "Hello?").await;
    let rider = participant(&app.admin, &sid, RIDER).await;
    let path = format!("/api/v1/conversations/{sid}/messages");
    let sent: MessageView = expect(
        app.admin
            .post_json(&path, &text("I'm downstairs", Some(&rider.sid)))
            .await,
        201,
    )
    .await;
    assert_eq!(sent.author.as_deref(), Some(RIDER));
    assert!(received(&app.admin, CUSTOMER, "I'm downstairs").await);
    assert!(!received(&app.admin, RIDER, "I'm downstairs").await);
}

#[tokio::test]
async fn empty_and_double_messages_are_refused_with_what_to_fix() {
    let app = spawn().await;
    let (sid, _) = paired(&app).await;
    let path = format!("/api/v1/conversations/{sid}/messages");
    let empty: ErrorBody = expect(app.admin.post_json(&path, &text("   ", None)).await, 422).await;
    assert_eq!(empty.message, "Write a message before sending.");
    // The type cannot hold neither, so it goes as the JSON a client could still send.
    let neither = json!({ "author_participant_sid": null, "body": null, "template": null });
    let refused: ErrorBody = expect(app.admin.post_json(&path, &neither).await, 422).await;
    assert!(
        refused
            .message
            .starts_with("Send either a message text or a template")
    );
    let missing: ErrorBody = expect(
        app.admin
            .post_json(
                "/api/v1/conversations/CH00000000000000000000000000000000/messages",
                &text("hi", None),
            )
            .await,
        404,
    )
    .await;
    assert!(
        missing.message.starts_with("There is no conversation"),
        "{}",
        missing.message
    );
}
