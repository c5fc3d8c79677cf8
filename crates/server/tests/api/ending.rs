//! A pairing's end: the admins' default and the operator's own choice become Twilio's timers in
//! the one creation call, the list and the page say when it closes and follow a message that moves
//! it, the sandbox's clock closes it and frees its numbers, and *Extend* moves the close, audited.

use std::time::Duration;

use serde_json::json;
use switchboard_core::api::{
    AuditPage, ConversationDetail, ConversationPage, ConversationRow, ConversationState, Ending,
    ExtendRequest, ListSource, PairingCreated, PairingEnd, Settings,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::common::pairings::ana_and_bruno;
use crate::common::phones::{advance_clock, write};
use crate::common::{Client, TestApp, expect, expect_refusal, spawn};

const WAIT: Duration = Duration::from_secs(10);
const BRUNO: &str = "+15550100002";
const BRUNOS_PROXY: &str = "+15550109002";

fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).unwrap()
}

fn minutes_between(from: &str, to: &str) -> f64 {
    (at(to) - at(from)).as_seconds_f64() / 60.0
}

async fn set_default(admin: &Client, end: PairingEnd) {
    let saved: Settings = expect(
        admin
            .put_json("/api/v1/settings", &Settings { pairing_end: end })
            .await,
        200,
    )
    .await;
    assert_eq!(saved.pairing_end, end);
}

async fn pair(client: &Client, end: Option<PairingEnd>) -> PairingCreated {
    let mut request = ana_and_bruno("Order 7001");
    request.end = end;
    expect(client.post_json("/api/v1/pairings", &request).await, 201).await
}

async fn detail(client: &Client, sid: &str) -> ConversationDetail {
    client.get_ok(&format!("/api/v1/conversations/{sid}")).await
}

/// The conversation's row in the list, once the mirror answers the list and has it as `wanted`.
async fn listed(
    app: &TestApp,
    sid: &str,
    wanted: impl Fn(&ConversationRow) -> bool,
) -> ConversationRow {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let page: ConversationPage = app
            .admin
            .get_ok("/api/v1/conversations?q=Order%207001")
            .await;
        let row = page.conversations.iter().find(|row| row.sid == sid);
        if page.source == ListSource::Mirror && row.is_some_and(&wanted) {
            return row.unwrap().clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the list never showed the row as expected: {row:?} from {:?}",
            page.source
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_pairing_closes_after_its_silence_and_its_people_can_be_paired_again_at_once() {
    let app = spawn().await;
    set_default(&app.admin, PairingEnd::closing_after(120)).await;
    let created = pair(&app.admin, None).await;
    let sid = created.conversation_sid.clone();

    let shown = detail(&app.admin, &sid).await;
    assert_eq!(shown.end, Some(PairingEnd::closing_after(120)));
    assert_eq!(shown.conversation.state, ConversationState::Active);
    let closes_at = shown
        .conversation
        .ending
        .clone()
        .unwrap()
        .closes_at
        .unwrap();
    let left = minutes_between(shown.now.as_deref().unwrap(), &closes_at);
    assert!((119.0..=120.0).contains(&left), "closes in {left} minutes");
    let row = listed(&app, &sid, |r| r.ending.is_some()).await;
    assert_eq!(
        row.ending.unwrap().closes_at.as_deref(),
        Some(closes_at.as_str())
    );

    advance_clock(&app.admin, "PT1H").await;
    write(&app.admin, BRUNO, BRUNOS_PROXY, "I am at the door").await;
    let moved = detail(&app.admin, &sid).await;
    let moved_to = moved.conversation.ending.unwrap().closes_at.unwrap();
    assert!(
        minutes_between(&closes_at, &moved_to) >= 59.0,
        "a message an hour later moves the close an hour: {closes_at} → {moved_to}"
    );
    let row = listed(&app, &sid, |r| {
        r.ending.as_ref().and_then(|e| e.closes_at.as_deref()) != Some(closes_at.as_str())
    })
    .await;
    let followed = row.ending.unwrap().closes_at.unwrap();
    assert!(
        minutes_between(&moved_to, &followed).abs() < 1.0,
        "the list follows the move: {followed}, Twilio says {moved_to}"
    );

    advance_clock(&app.admin, "PT3H").await;
    let row = listed(&app, &sid, |r| r.state == ConversationState::Closed).await;
    assert_eq!(row.ending, None);
    let again = pair(&app.admin, None).await;
    assert_eq!(
        again.proxies, created.proxies,
        "the same business numbers are free again"
    );
}

#[tokio::test]
async fn the_operator_may_choose_another_end_or_none_and_twilio_limits_are_said() {
    let app = spawn().await;
    set_default(&app.admin, PairingEnd::closing_after(120)).await;
    let never = pair(&app.admin, Some(PairingEnd::NEVER)).await;
    let shown = detail(&app.admin, &never.conversation_sid).await;
    assert_eq!((shown.end, shown.conversation.ending), (None, None));

    let mut request = ana_and_bruno("Too soon");
    request.end = Some(PairingEnd::closing_after(5));
    expect_refusal(
        app.admin.post_json("/api/v1/pairings", &request).await,
        422,
        "10 minutes of silence at the soonest",
    )
    .await;
    expect_refusal(
        app.admin
            .put_json(
                "/api/v1/settings",
                &json!({ "pairing_end": { "inactive_after_minutes": 60, "close_after_minutes": 30 } }),
            )
            .await,
        422,
        "must be shorter than the time before it closes",
    )
    .await;
    let kept: Settings = app.admin.get_ok("/api/v1/settings").await;
    assert_eq!(kept.pairing_end, PairingEnd::closing_after(120));
}

#[tokio::test]
async fn extend_moves_the_close_later_and_is_audited() {
    let app = spawn().await;
    let end = PairingEnd {
        inactive_after_minutes: Some(30),
        close_after_minutes: Some(60),
    };
    let created = pair(&app.admin, Some(end)).await;
    let sid = created.conversation_sid;
    let before = detail(&app.admin, &sid).await;
    let closes_at = before.conversation.ending.unwrap().closes_at.unwrap();
    let path = format!("/api/v1/conversations/{sid}/extend");
    let extended: Ending = expect(
        app.admin
            .post_json(&path, &ExtendRequest { minutes: 90 })
            .await,
        200,
    )
    .await;
    let new_close = extended.closes_at.unwrap();
    let gained = minutes_between(&closes_at, &new_close);
    assert!(
        (89.0..=91.0).contains(&gained),
        "extended by {gained} minutes"
    );
    let after = detail(&app.admin, &sid).await;
    assert_eq!(
        after.conversation.ending.unwrap().closes_at,
        Some(new_close)
    );
    assert_eq!(after.end.unwrap().close_after_minutes, Some(150));

    expect_refusal(
        app.admin
            .post_json(&path, &ExtendRequest { minutes: 0 })
            .await,
        422,
        "Extend by 1 minute",
    )
    .await;
    let closed = app
        .admin
        .post_json(&format!("/api/v1/conversations/{sid}/close"), &json!({}))
        .await;
    assert_eq!(closed.status(), 204);
    expect_refusal(
        app.admin
            .post_json(&path, &ExtendRequest { minutes: 30 })
            .await,
        409,
        "closed already",
    )
    .await;
    let never = pair(&app.admin, Some(PairingEnd::NEVER)).await;
    expect_refusal(
        app.admin
            .post_json(
                &format!("/api/v1/conversations/{}/extend", never.conversation_sid),
                &ExtendRequest { minutes: 30 },
            )
            .await,
        409,
        "no end to extend",
    )
    .await;

    let log: AuditPage = app
        .admin
        .get_ok(&format!("/api/v1/audit?target={sid}"))
        .await;
    let actions: Vec<(&str, String)> = log
        .entries
        .iter()
        .map(|e| (e.action.as_str(), format!("{:?}", e.outcome)))
        .collect();
    for wanted in [
        ("conversation.extend", "Ok"),
        ("conversation.extend", "Failed"),
        ("conversation.close", "Ok"),
    ] {
        assert!(
            actions.contains(&(wanted.0, wanted.1.to_owned())),
            "{wanted:?} in {actions:?}"
        );
    }
}
