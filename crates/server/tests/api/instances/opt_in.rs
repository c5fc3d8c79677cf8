//! The opt-in's signed hook delivered to three instances at once, with one idempotency token and
//! with several: the relay's next step is taken once, by one instance.

use std::collections::BTreeMap;

use serde_json::Value;
use sqlx::Row;
use switchboard_core::Channel;
use switchboard_core::api::{
    ConversationDetail, OptInRequest, OptInState, OptInStatus, PairingCreated, PairingRequest,
    PairingSide, TemplateValues,
};
use switchboard_twilio::signature;

use crate::common::cluster::Cluster;
use crate::common::upstream::{ACCOUNT_SID, AUTH_TOKEN};
use crate::common::{Client, expect};

/// Relays started, each answered on every instance at once.
const RELAYS: usize = 4;
const GREETING: &str = "Great! Just a moment while we connect you…";

fn side(name: &str, number: String) -> PairingSide {
    PairingSide {
        name: Some(name.into()),
        channel: Channel::Whatsapp,
        number,
        proxy: None,
        language: None,
    }
}

/// A customer and a rider paired and the opt-in started, waiting for the customer: the
/// conversation's SID, the customer's participant SID and the rider's template's SID.
async fn waiting(admin: &Client, n: usize) -> (String, String, String) {
    let customer = format!("+3465000{n:04}");
    let request = PairingRequest {
        friendly_name: format!("Cluster opt-in {n}"),
        reference: None,
        sides: [
            side("Customer", customer.clone()),
            side("Rider", format!("+3465900{n:04}")),
        ],
        end: None,
    };
    let created: PairingCreated =
        expect(admin.post_json("/api/v1/pairings", &request).await, 201).await;
    let sid = created.conversation_sid;
    let detail: ConversationDetail = admin.get_ok(&format!("/api/v1/conversations/{sid}")).await;
    let participant = |number: &str| {
        detail
            .conversation
            .participants
            .iter()
            .find(|p| p.address.as_deref() == Some(format!("whatsapp:{number}").as_str()))
            .unwrap()
            .sid
            .clone()
    };
    let customer_sid = participant(&customer);
    let (invite, connected) = crate::opt_in::templates(admin).await;
    let opt_in = OptInRequest {
        customer_participant_sid: customer_sid.clone(),
        rider_participant_sid: participant(&format!("+3465900{n:04}")),
        customer_template: TemplateValues {
            content_sid: invite.sid,
            values: BTreeMap::from([("1".into(), "Irene".into()), ("2".into(), "Tomas".into())]),
        },
        rider_template: TemplateValues {
            content_sid: connected.sid.clone(),
            values: BTreeMap::new(),
        },
    };
    let path = format!("/api/v1/conversations/{sid}/opt-in");
    let status: OptInStatus = expect(admin.post_json(&path, &opt_in).await, 201).await;
    assert_eq!(status.state, OptInState::Waiting);
    (sid, customer_sid, connected.sid)
}

/// Twilio's delivery of the customer's answer to instance `base`, signed for that instance's URL.
async fn deliver(base: &str, params: &[(&str, &str)], idempotency: &str) -> u16 {
    let url = format!("{base}/hooks/twilio/opt-in");
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    reqwest::Client::new()
        .post(&url)
        .header(
            "X-Twilio-Signature",
            signature::compute(AUTH_TOKEN, &url, &owned),
        )
        .header("I-Twilio-Idempotency-Token", idempotency)
        .form(params)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn messages(base: &str, sid: &str) -> Vec<Value> {
    let page: Value = reqwest::Client::new()
        .get(format!(
            "{base}/v1/Conversations/{sid}/Messages?PageSize=100"
        ))
        .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["messages"].as_array().unwrap().clone()
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn the_customers_answer_delivered_to_every_instance_at_once_is_acted_on_once() {
    let cluster = Cluster::start(3).await;
    let twilio = cluster.twilio_base();
    let db = cluster.database().await;
    let mut figures = Vec::new();
    for n in 0..RELAYS {
        let (sid, customer, rider_template) = waiting(&cluster.admin, n).await;
        let params = [
            ("EventType", "onMessageAdded"),
            ("ConversationSid", sid.as_str()),
            ("ParticipantSid", customer.as_str()),
            ("Author", "customer"),
            ("Body", "Yes"),
        ];
        // Each instance gets the delivery twice at once: under one token shared by all, and under
        // a token of its own (as a retry Twilio sent elsewhere would be).
        let same = format!("same-{n}");
        let own: Vec<String> = (0..cluster.len()).map(|i| format!("own-{n}-{i}")).collect();
        let deliveries = cluster.bases.iter().enumerate().flat_map(|(i, base)| {
            [
                deliver(base, &params, &same),
                deliver(base, &params, &own[i]),
            ]
        });
        let statuses = futures_util::future::join_all(deliveries).await;
        assert_eq!(statuses, vec![200; 2 * cluster.len()]);

        let detail: ConversationDetail = cluster
            .admin
            .get_ok(&format!("/api/v1/conversations/{sid}"))
            .await;
        assert_eq!(detail.opt_in.unwrap().state, OptInState::Connected);
        assert!(
            detail.webhooks.is_empty(),
            "the temporary webhook is removed"
        );
        let sent = messages(&twilio, &sid).await;
        let greetings = sent.iter().filter(|m| m["body"] == GREETING).count();
        let rider_templates = sent
            .iter()
            .filter(|m| m["content_sid"] == rider_template.as_str())
            .count();
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'opt_in.connect' AND target = $1",
        )
        .bind(&sid)
        .fetch_one(&db)
        .await
        .unwrap()
        .get("n");
        figures.push((greetings, rider_templates, audited));
    }
    println!(
        "instances/opt_in: {RELAYS} relays, each answered by {} deliveries to 3 instances at once; \
         (greetings, rider templates, audit entries) per relay: {figures:?}",
        2 * cluster.len()
    );
    assert_eq!(figures, vec![(1, 1, 1); RELAYS]);
}
