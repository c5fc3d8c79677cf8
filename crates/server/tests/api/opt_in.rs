//! The two-sided WhatsApp opt-in end to end: the sandbox delivers signed webhooks to the real server.

use crate::common;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::common::upstream::{AUTH_TOKEN, RecordedUpstream};
use crate::common::{Client, TestApp, expect, expect_refusal, spawn};
use serde_json::{Value, json};
use switchboard_core::Channel;
use switchboard_core::api::{
    ConversationDetail, OptInRequest, OptInState, OptInStatus, PairingCreated, PairingRequest,
    PairingSide, TemplateValues, TemplateView, WhatsappWindow,
};
use switchboard_twilio::signature;

pub(crate) const CUSTOMER: &str = "whatsapp:+34633000222";
pub(crate) const RIDER: &str = "whatsapp:+34633000999";

pub(crate) async fn paired(client: &Client) -> (String, PairingCreated) {
    let side = |name: &str, number: &str| PairingSide {
        name: Some(name.into()),
        channel: Channel::Whatsapp,
        number: number.into(),
        proxy: None,
        language: None,
    };
    let request = PairingRequest {
        friendly_name: "Order 5150 — Irene ⇄ Tomas".into(),
        reference: None,
        sides: [
            side("Irene", "+34 633 000 222"),
            side("Tomas", "+34 633 000 999"),
        ],
        end: None,
    };
    let created: PairingCreated =
        expect(client.post_json("/api/v1/pairings", &request).await, 201).await;
    (created.conversation_sid.clone(), created)
}

pub(crate) async fn templates(client: &Client) -> (TemplateView, TemplateView) {
    let all: Vec<TemplateView> = client.get_ok("/api/v1/templates").await;
    let find = |start: &str| {
        all.iter()
            .find(|t| t.body.as_deref().is_some_and(|b| b.starts_with(start)))
            .cloned()
            .unwrap()
    };
    (find("Hello {{1}}"), find("Your customer has agreed"))
}

pub(crate) async fn start(client: &Client, sid: &str) -> OptInStatus {
    let detail: ConversationDetail = client.get_ok(&format!("/api/v1/conversations/{sid}")).await;
    let sid_of = |address: &str| {
        detail
            .conversation
            .participants
            .iter()
            .find(|p| p.address.as_deref() == Some(address))
            .unwrap()
            .sid
            .clone()
    };
    let (invite, connected) = templates(client).await;
    let request = OptInRequest {
        customer_participant_sid: sid_of(CUSTOMER),
        rider_participant_sid: sid_of(RIDER),
        customer_template: TemplateValues {
            content_sid: invite.sid,
            values: BTreeMap::from([("1".into(), "Irene".into()), ("2".into(), "Tomas".into())]),
        },
        rider_template: TemplateValues {
            content_sid: connected.sid,
            values: BTreeMap::new(),
        },
    };
    expect(
        client
            .post_json(&format!("/api/v1/conversations/{sid}/opt-in"), &request)
            .await,
        201,
    )
    .await
}

/// The conversation's detail read after the relay reached `wanted`: the read that first shows the
/// state may have listed the webhooks from Twilio before the step removed one, so it is read again.
pub(crate) async fn wait_for_state(
    client: &Client,
    sid: &str,
    wanted: OptInState,
) -> ConversationDetail {
    let path = format!("/api/v1/conversations/{sid}");
    for _ in 0..200 {
        let detail: ConversationDetail = client.get_ok(&path).await;
        if detail.opt_in.as_ref().is_some_and(|o| o.state == wanted) {
            return client.get_ok(&path).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the opt-in never reached {wanted:?}");
}

#[tokio::test]
async fn the_customers_answer_connects_the_rider_and_removes_the_temporary_webhook() {
    let app = spawn().await;
    let (sid, created) = paired(&app.admin).await;
    let status = start(&app.admin, &sid).await;
    assert_eq!(status.state, OptInState::Waiting);
    let detail: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    assert_eq!(detail.webhooks.len(), 1);
    assert!(
        detail.webhooks[0]
            .url
            .as_deref()
            .unwrap()
            .ends_with("/hooks/twilio/opt-in")
    );
    assert_eq!(detail.webhooks[0].filters, ["onMessageAdded"]);
    let customer_inbox = common::phones::received(&app.admin, CUSTOMER).await;
    assert!(
        customer_inbox
            .iter()
            .any(|m| m.starts_with("Hello Irene, your food delivery is almost there but Tomas"))
    );
    assert!(
        common::phones::received(&app.admin, RIDER).await.is_empty(),
        "the rider authored the invitation"
    );

    let answer = json!({ "from": CUSTOMER, "to": created.proxies[0], "body": "Yes, sure" });
    assert_eq!(
        app.admin
            .post_json("/api/v1/sandbox/phones/messages", &answer)
            .await
            .status(),
        201
    );
    let detail = wait_for_state(&app.admin, &sid, OptInState::Connected).await;
    assert!(
        detail.webhooks.is_empty(),
        "the temporary webhook is removed"
    );
    assert!(
        common::phones::received(&app.admin, CUSTOMER)
            .await
            .contains(&"Great! Just a moment while we connect you…".to_owned())
    );
    let rider_inbox = common::phones::received(&app.admin, RIDER).await;
    assert!(
        rider_inbox
            .iter()
            .any(|m| m.starts_with("Your customer has agreed to chat over WhatsApp")),
        "{rider_inbox:?}"
    );
    // The rider never wrote, so the customer's free-form answer is not delivered to them over
    // WhatsApp: that is why the rider gets a template.
    assert!(!rider_inbox.contains(&"Yes, sure".to_owned()));
    // The greeting went out in the rider's name, but only the rider's own message opens their window.
    let window_of = |detail: &ConversationDetail, address: &str| {
        let person = detail
            .conversation
            .participants
            .iter()
            .find(|p| p.address.as_deref() == Some(address));
        person.and_then(|p| p.window.clone())
    };
    assert_eq!(window_of(&detail, RIDER), Some(WhatsappWindow::NotYet));
    assert!(window_of(&detail, CUSTOMER).is_some_and(|w| w.is_open()));
    let rider_proxy = detail
        .conversation
        .participants
        .iter()
        .find(|p| p.address.as_deref() == Some(RIDER))
        .and_then(|p| p.proxy_address.clone())
        .unwrap();
    common::phones::write(&app.admin, RIDER, &rider_proxy, "On my way").await;
    let detail: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    assert!(window_of(&detail, RIDER).is_some_and(|w| w.is_open()));
    let audit: Value = app
        .admin
        .get_ok("/api/v1/audit?action=opt_in.connect")
        .await;
    assert_eq!(audit["entries"][0]["outcome"], "ok");
}

async fn deliver(base: &str, params: &[(&str, &str)], signature: &str, idempotency: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{base}/hooks/twilio/opt-in"))
        .header("X-Twilio-Signature", signature)
        .header("I-Twilio-Idempotency-Token", idempotency)
        .form(params)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// An opt-in waiting for the customer, on a recorded sandbox: the answer "Yes" Twilio would post to
/// the hook, as its fields.
pub(crate) struct Waiting {
    pub(crate) upstream: RecordedUpstream,
    pub(crate) app: TestApp,
    pub(crate) sid: String,
    customer: String,
}

impl Waiting {
    pub(crate) async fn start() -> Waiting {
        let upstream = RecordedUpstream::start().await;
        let app = TestApp::spawn_with(upstream.upstream()).await;
        let (sid, _) = paired(&app.admin).await;
        start(&app.admin, &sid).await;
        let detail: ConversationDetail = app
            .admin
            .get_ok(&format!("/api/v1/conversations/{sid}"))
            .await;
        let customer = detail
            .conversation
            .participants
            .iter()
            .find(|p| p.address.as_deref() == Some(CUSTOMER))
            .unwrap()
            .sid
            .clone();
        Waiting {
            upstream,
            app,
            sid,
            customer,
        }
    }

    fn answer(&self) -> [(&str, &str); 5] {
        [
            ("EventType", "onMessageAdded"),
            ("ConversationSid", self.sid.as_str()),
            ("ParticipantSid", self.customer.as_str()),
            ("Author", CUSTOMER),
            ("Body", "Yes"),
        ]
    }
}

fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect()
}

#[tokio::test]
async fn the_hook_refuses_forged_and_misaddressed_signatures_and_acts_once_on_a_repeated_delivery()
{
    let waiting = Waiting::start().await;
    let (upstream, app, sid) = (&waiting.upstream, &waiting.app, &waiting.sid);
    let base = &app.server.base;
    let params = waiting.answer();
    let owned = owned(&params);
    let url = format!("{base}/hooks/twilio/opt-in");
    let good = signature::compute(AUTH_TOKEN, &url, &owned);
    let wrong_url = signature::compute(
        AUTH_TOKEN,
        "https://elsewhere.example/hooks/twilio/opt-in",
        &owned,
    );
    let wrong_token = signature::compute("another-token", &url, &owned);

    for forged in [
        "",
        "bm90IGEgc2lnbmF0dXJl",
        wrong_url.as_str(),
        wrong_token.as_str(),
    ] {
        assert_eq!(
            deliver(base, &params, forged, "delivery-0").await,
            403,
            "{forged}"
        );
    }
    let waiting: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    assert_eq!(waiting.opt_in.unwrap().state, OptInState::Waiting);

    upstream.take_calls();
    assert_eq!(deliver(base, &params, &good, "delivery-1").await, 200);
    let first = upstream.take_calls();
    assert_eq!(
        first
            .iter()
            .filter(|c| c.starts_with("POST") && c.ends_with("/Messages"))
            .count(),
        2,
        "{first:?}"
    );
    assert_eq!(deliver(base, &params, &good, "delivery-1").await, 200);
    assert_eq!(deliver(base, &params, &good, "delivery-2").await, 200);
    assert_eq!(
        upstream.take_calls(),
        Vec::<String>::new(),
        "a repeated delivery acted again"
    );
    let done: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    assert_eq!(done.opt_in.unwrap().state, OptInState::Connected);
}

#[tokio::test]
async fn an_sms_customer_cannot_start_a_whatsapp_opt_in() {
    let app = spawn().await;
    let page: Value = app
        .admin
        .get_ok("/api/v1/conversations?q=Order%208812")
        .await;
    let sid = page["conversations"][0]["sid"].as_str().unwrap().to_owned();
    let detail: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    let sms = detail
        .conversation
        .participants
        .iter()
        .find(|p| p.channel == Some(Channel::Sms))
        .unwrap();
    let whatsapp = detail
        .conversation
        .participants
        .iter()
        .find(|p| p.channel == Some(Channel::Whatsapp))
        .unwrap();
    let (invite, connected) = templates(&app.admin).await;
    let request = OptInRequest {
        customer_participant_sid: sms.sid.clone(),
        rider_participant_sid: whatsapp.sid.clone(),
        customer_template: TemplateValues {
            content_sid: invite.sid,
            values: BTreeMap::new(),
        },
        rider_template: TemplateValues {
            content_sid: connected.sid,
            values: BTreeMap::new(),
        },
    };
    let path = format!("/api/v1/conversations/{sid}/opt-in");
    let refused = app.admin.post_json(&path, &request).await;
    expect_refusal(refused, 422, "The customer must be on WhatsApp").await;
}

#[tokio::test]
async fn the_hook_refuses_no_signature_and_a_tampered_body_and_acts_once_on_simultaneous_deliveries()
 {
    let waiting = Waiting::start().await;
    let (upstream, app) = (&waiting.upstream, &waiting.app);
    let base = &app.server.base;
    let params = waiting.answer();
    let owned = owned(&params);
    let good = signature::compute(AUTH_TOKEN, &format!("{base}/hooks/twilio/opt-in"), &owned);

    let unsigned = reqwest::Client::new()
        .post(format!("{base}/hooks/twilio/opt-in"))
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403);
    let mut tampered = params;
    tampered[4] = ("Body", "Yes, and call me on +34 600 111 222");
    assert_eq!(deliver(base, &tampered, &good, "delivery-t").await, 403);

    upstream.take_calls();
    let tokens = ["same", "same", "same", "other-1", "other-2", "other-3"];
    let statuses =
        futures_util::future::join_all(tokens.map(|token| deliver(base, &params, &good, token)))
            .await;
    assert_eq!(statuses, [200; 6]);
    let calls = upstream.take_calls();
    let sent = calls
        .iter()
        .filter(|c| c.starts_with("POST") && c.ends_with("/Messages"))
        .count();
    assert_eq!(
        sent, 2,
        "six simultaneous deliveries acted more than once: {calls:?}"
    );
}
