//! Pairing two people through the real server and a recorded sandbox upstream.

use crate::common::pairings::{FREE_WHATSAPP, ana_and_bruno, pairing, recorded_app, side};
use crate::common::{Client, expect};
use switchboard_core::Channel;
use switchboard_core::api::{
    ConversationDetail, ConversationPage, ErrorBody, PairingCheck, PairingCreated, PairingRequest,
    ParticipantView, ReassignRequest, Role,
};

const ROBERT: &str = "+34 600 000 001";
/// Robert's business number in the seeded "Order 8812".
const ROBERT_PROXY: &str = "whatsapp:+15550108001";
async fn check(client: &Client, request: &PairingRequest) -> PairingCheck {
    expect(
        client.post_json("/api/v1/pairings/check", request).await,
        200,
    )
    .await
}

#[tokio::test]
async fn a_checked_pairing_is_created_with_one_upstream_call_and_both_sides_masked() {
    let (upstream, app) = recorded_app().await;
    let request = pairing(
        "Order 9001 — Ana ⇄ Bruno",
        side("Ana", Channel::Whatsapp, "+34 611 222 333", None),
        side("Bruno", Channel::Sms, "+1 555 010 0002", None),
    );
    let checked = check(&app.admin, &request).await;
    assert!(checked.ready, "{checked:?}");
    let mut chosen = request.clone();
    for (side, check) in chosen.sides.iter_mut().zip(&checked.sides) {
        side.proxy = check.proxy.clone();
    }
    upstream.take_calls();
    let created: PairingCreated =
        expect(app.admin.post_json("/api/v1/pairings", &chosen).await, 201).await;
    // Besides creating it, the server reads the new conversation into the account mirror in the
    // background; nothing else may reach Twilio.
    let mirror_read = format!("GET /v1/Conversations/{}", created.conversation_sid);
    let calls: Vec<String> = upstream
        .take_calls()
        .into_iter()
        .filter(|call| !call.starts_with(&mirror_read))
        .collect();
    assert_eq!(calls, ["POST /v1/ConversationWithParticipants"]);

    let detail: ConversationDetail = app
        .admin
        .get_ok(&format!(
            "/api/v1/conversations/{}",
            created.conversation_sid
        ))
        .await;
    let people: Vec<(Option<&str>, Option<&str>, Option<&str>)> = detail
        .conversation
        .participants
        .iter()
        .map(|p| {
            (
                p.name.as_deref(),
                p.address.as_deref(),
                p.proxy_address.as_deref(),
            )
        })
        .collect();
    assert!(
        people.contains(&(
            Some("Ana"),
            Some("whatsapp:+34611222333"),
            Some(created.proxies[0].as_str())
        )),
        "{people:?}"
    );
    assert!(
        people.contains(&(
            Some("Bruno"),
            Some("+15550100002"),
            Some(created.proxies[1].as_str())
        )),
        "{people:?}"
    );
    assert_eq!(detail.conversation.reference.as_deref(), Some("9001"));
}

#[tokio::test]
async fn a_pair_already_in_an_open_conversation_is_refused_naming_it_with_a_way_out() {
    let (_upstream, app) = recorded_app().await;
    let request = pairing(
        "Second order for Robert",
        side("Robert", Channel::Whatsapp, ROBERT, Some(ROBERT_PROXY)),
        side("Chen", Channel::Sms, "+1 555 010 0044", None),
    );
    let checked = check(&app.admin, &request).await;
    assert!(!checked.ready);
    let conflict = checked.sides[0]
        .conflict
        .clone()
        .expect("Robert's pair is taken");
    assert_eq!(
        conflict.friendly_name.as_deref(),
        Some("Order 8812 — Robert ⇄ Alicia")
    );
    assert_eq!(conflict.free_proxy.as_deref(), Some(FREE_WHATSAPP));

    let refused: ErrorBody =
        expect(app.admin.post_json("/api/v1/pairings", &request).await, 409).await;
    assert!(
        refused.message.contains("'Order 8812 — Robert ⇄ Alicia'"),
        "{}",
        refused.message
    );
    assert!(
        refused.message.contains(FREE_WHATSAPP),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn an_empty_business_number_is_chosen_so_that_it_avoids_pairs_in_use() {
    let (_upstream, app) = recorded_app().await;
    let request = pairing(
        "Second order for Robert",
        side("Robert", Channel::Whatsapp, ROBERT, None),
        side("Chen", Channel::Sms, "+1 555 010 0044", None),
    );
    let created: PairingCreated =
        expect(app.admin.post_json("/api/v1/pairings", &request).await, 201).await;
    assert_eq!(created.proxies[0], FREE_WHATSAPP);
}

#[tokio::test]
async fn a_race_caught_by_twilio_is_reported_as_the_same_conflict() {
    let (_upstream, app) = recorded_app().await;
    let request = pairing(
        "Racing order",
        side("Robert", Channel::Whatsapp, ROBERT, Some(ROBERT_PROXY)),
        side(
            "Chen",
            Channel::Sms,
            "+1 555 010 0044",
            Some("+15550109002"),
        ),
    );
    // Both proxies given: the server skips its own check and Twilio's 50425 speaks.
    let refused: ErrorBody =
        expect(app.admin.post_json("/api/v1/pairings", &request).await, 409).await;
    assert!(
        refused.message.contains("Order 8812"),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn closing_a_conversation_frees_its_pairs_for_a_new_pairing() {
    let (_upstream, app) = recorded_app().await;
    let page: ConversationPage = app
        .admin
        .get_ok("/api/v1/conversations?q=%2B34600000001")
        .await;
    let order = page
        .conversations
        .iter()
        .find(|c| c.state != switchboard_core::api::ConversationState::Closed)
        .unwrap();
    let closed = app
        .admin
        .post_json(&format!("/api/v1/conversations/{}/close", order.sid), &())
        .await;
    assert_eq!(closed.status(), 204);
    let request = pairing(
        "Robert again",
        side("Robert", Channel::Whatsapp, ROBERT, Some(ROBERT_PROXY)),
        side("Chen", Channel::Sms, "+1 555 010 0044", None),
    );
    assert!(check(&app.admin, &request).await.ready);
}

#[tokio::test]
async fn a_429_from_twilio_is_waited_out_and_the_pairing_made() {
    let (upstream, app) = recorded_app().await;
    let fault = [
        ("Path", "/v1/ConversationWithParticipants"),
        ("Type", "429"),
        ("Count", "1"),
        ("RetryAfter", "1"),
    ];
    assert_eq!(
        upstream
            .sandbox_client()
            .post("/sandbox/v1/Faults", &fault)
            .await
            .status(),
        201
    );
    let request = ana_and_bruno("Busy Twilio");
    expect::<PairingCreated>(app.admin.post_json("/api/v1/pairings", &request).await, 201).await;
    let calls = upstream.take_calls();
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.ends_with("/v1/ConversationWithParticipants"))
            .count(),
        2,
        "{calls:?}"
    );
}

#[tokio::test]
async fn reassigning_a_side_keeps_the_conversation_and_its_history() {
    let (_upstream, app) = recorded_app().await;
    let page: ConversationPage = app
        .admin
        .get_ok("/api/v1/conversations?q=Order%208812")
        .await;
    let sid = &page.conversations[0].sid;
    let before: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    let alicia = before
        .conversation
        .participants
        .iter()
        .find(|p| p.address.as_deref() == Some("+15550100001"))
        .unwrap();
    let bruno = ReassignRequest {
        side: side("Bruno", Channel::Sms, "+1 555 010 0002", None),
    };
    let path = format!(
        "/api/v1/conversations/{sid}/participants/{}/reassign",
        alicia.sid
    );
    let added: ParticipantView = expect(app.admin.post_json(&path, &bruno).await, 200).await;
    assert_eq!(added.address.as_deref(), Some("+15550100002"));

    let after: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    let addresses: Vec<_> = after
        .conversation
        .participants
        .iter()
        .filter_map(|p| p.address.clone())
        .collect();
    assert!(
        addresses.contains(&"+15550100002".to_owned())
            && !addresses.contains(&"+15550100001".to_owned())
    );
    assert_eq!(after.messages.len(), before.messages.len());
    assert!(!after.messages.is_empty());
}

#[tokio::test]
async fn a_side_moves_to_another_business_number_with_its_history() {
    let (_upstream, app) = recorded_app().await;
    let created: PairingCreated = expect(
        app.admin
            .post_json("/api/v1/pairings", &ana_and_bruno("Moving"))
            .await,
        201,
    )
    .await;
    let sid = &created.conversation_sid;
    let detail: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    let bruno = detail
        .conversation
        .participants
        .iter()
        .find(|p| p.name.as_deref() == Some("Bruno"))
        .unwrap();
    assert_eq!(bruno.proxy_address.as_deref(), Some("+15550109002"));
    let moved = ReassignRequest {
        side: side(
            "Bruno",
            Channel::Sms,
            "+1 555 010 0002",
            Some("+15550109001"),
        ),
    };
    let path = format!(
        "/api/v1/conversations/{sid}/participants/{}/reassign",
        bruno.sid
    );
    let added: ParticipantView = expect(app.admin.post_json(&path, &moved).await, 200).await;
    assert_eq!(
        (added.address.as_deref(), added.proxy_address.as_deref()),
        (Some("+15550100002"), Some("+15550109001"))
    );
    let after: ConversationDetail = app
        .admin
        .get_ok(&format!("/api/v1/conversations/{sid}"))
        .await;
    let brunos: Vec<_> = after
        .conversation
        .participants
        .iter()
        .filter(|p| p.address.as_deref() == Some("+15550100002"))
        .map(|p| p.proxy_address.clone())
        .collect();
    assert_eq!(brunos, [Some("+15550109001".to_owned())]);
}

#[tokio::test]
async fn each_role_may_do_only_its_part() {
    let (_upstream, app) = recorded_app().await;
    let viewer = app.client_with_role(Role::Viewer).await;
    let operator = app.client_with_role(Role::Operator).await;
    let request = pairing(
        "Roles",
        side("Ana", Channel::Whatsapp, "+34 611 222 333", None),
        side("Bruno", Channel::Sms, "+1 555 010 0002", None),
    );
    assert_eq!(
        viewer
            .post_json("/api/v1/pairings", &request)
            .await
            .status(),
        403
    );
    assert!(check(&viewer, &request).await.ready);
    let created: PairingCreated =
        expect(operator.post_json("/api/v1/pairings", &request).await, 201).await;
    let path = format!("/api/v1/conversations/{}", created.conversation_sid);
    assert_eq!(operator.delete(&path).await.status(), 403);
    assert_eq!(app.admin.delete(&path).await.status(), 204);
    assert_eq!(app.admin.get(&path).await.status(), 404);
}

#[tokio::test]
async fn bad_numbers_are_explained_side_by_side() {
    let (_upstream, app) = recorded_app().await;
    let request = pairing(
        "Typos",
        side("Ana", Channel::Whatsapp, "611 222 333", None),
        side(
            "Bruno",
            Channel::Sms,
            "+1 555 010 0002",
            Some("+1 555 010 0002"),
        ),
    );
    let checked = check(&app.admin, &request).await;
    assert_eq!(
        checked.sides[0].problem.as_deref(),
        Some("Start the number with + and the country code, e.g. +34 600 000 001.")
    );
    assert_eq!(
        checked.sides[1].problem.as_deref(),
        Some("The business number cannot be the person's own number.")
    );
    let refused: ErrorBody =
        expect(app.admin.post_json("/api/v1/pairings", &request).await, 409).await;
    assert!(
        refused.message.starts_with("Ana: Start the number with +"),
        "{}",
        refused.message
    );
    let said = |check: &switchboard_core::api::SideCheck| check.said.clone().unwrap().key;
    assert_eq!(
        (said(&checked.sides[0]), said(&checked.sides[1])),
        ("number_country_code".to_owned(), "own_number".to_owned())
    );
    let refusal = refused.said.expect("the refusal names its sentence");
    assert_eq!(
        (refusal.key.as_str(), refusal.values["who"].as_str()),
        ("pairing_side", "Ana")
    );
    assert_eq!(refusal.within["problem"].key, "number_country_code");
}
