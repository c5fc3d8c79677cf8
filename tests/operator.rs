//! The plain functions behind the operator pages, run in headless Chromium (they use the browser's
//! URL encoding and the message catalog).
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use switchboard_core::Channel;
use switchboard_core::api::{DeliveryView, ParticipantView, TemplateView, WhatsappWindow};
use switchboard_ui::api::ListFilter;
use switchboard_ui::components::handset::reply_to;
use switchboard_ui::components::route_diagram::{RouteEnd, route_nodes};
use switchboard_ui::components::template_fields::preview;
use switchboard_ui::i18n;
use switchboard_ui::links::{opened, phones_link};
use switchboard_ui::pages::conversation::room_left;
use switchboard_ui::people::{delivery, pairing, phone, typed_number, window_badge};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn participant(
    name: Option<&str>,
    channel: Channel,
    address: &str,
    proxy: &str,
) -> ParticipantView {
    ParticipantView {
        sid: format!("MB{address}"),
        name: name.map(Into::into),
        channel: Some(channel),
        address: Some(address.into()),
        proxy_address: Some(proxy.into()),
        identity: None,
        window: None,
        language: None,
    }
}

#[wasm_bindgen_test]
fn numbers_are_shown_grouped_with_their_country_code() {
    assert_eq!(phone("whatsapp:+34600000001"), "+34 600 000 001");
    assert_eq!(phone("+15550100001"), "+1 555 010 0001");
    assert_eq!(phone("+447700900123"), "+44 770 090 0123");
    assert_eq!(phone("not a number"), "not a number");
}

#[wasm_bindgen_test]
fn a_typed_number_becomes_the_address_of_its_channel_or_a_sentence() {
    let address = typed_number("+34 600-000-001", Channel::Whatsapp).unwrap();
    assert_eq!(address.to_string(), "whatsapp:+34600000001");
    let problem = typed_number("600 000 001", Channel::Sms).unwrap_err();
    assert!(problem.starts_with("Start the number with +"), "{problem}");
    assert!(problem.ends_with('.'), "{problem}");
}

#[wasm_bindgen_test]
fn a_pairing_reads_as_names_and_channels_falling_back_to_numbers() {
    let people = [
        participant(
            Some("Robert"),
            Channel::Whatsapp,
            "whatsapp:+34600000001",
            "whatsapp:+15550108001",
        ),
        participant(None, Channel::Sms, "+15550100001", "+15550109001"),
    ];
    assert_eq!(
        pairing(&people),
        "Robert · WhatsApp ⇄ +1 555 010 0001 · SMS"
    );
}

#[wasm_bindgen_test]
fn the_route_draws_both_business_numbers_or_one_when_shared() {
    let robert = participant(
        Some("Robert"),
        Channel::Whatsapp,
        "whatsapp:+34600000001",
        "whatsapp:+15550108001",
    );
    let alicia = participant(Some("Alicia"), Channel::Sms, "+15550100001", "+15550109001");
    let nodes = route_nodes(&RouteEnd::of(&robert), &RouteEnd::of(&alicia));
    let titles: Vec<_> = nodes.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["Robert", "Our number", "Our number", "Alicia"]);
    assert_eq!(nodes[1].detail, "+1 555 010 8001 · WhatsApp");
    let maria = participant(
        Some("Maria"),
        Channel::Whatsapp,
        "whatsapp:+34600000002",
        "whatsapp:+15550108001",
    );
    assert_eq!(
        route_nodes(&RouteEnd::of(&robert), &RouteEnd::of(&maria)).len(),
        3
    );
}

#[wasm_bindgen_test]
fn a_failed_delivery_carries_its_reason_and_whatsapp_sides_get_a_window_badge() {
    let failed = DeliveryView {
        participant_sid: None,
        status: "failed".into(),
        error_code: Some(63016),
        reason: Some("not delivered: WhatsApp needs a template after 24 hours".into()),
    };
    let (words, class) = delivery(&failed);
    assert_eq!(
        words,
        "Failed: not delivered: WhatsApp needs a template after 24 hours"
    );
    assert_eq!(class, "delivery-failed");
    assert_eq!(window_badge(None), None);
    assert_eq!(
        window_badge(Some(&WhatsappWindow::Closed)).unwrap().1,
        "window-closed"
    );
}

#[wasm_bindgen_test]
fn the_webhook_limit_is_explained_before_it_bites() {
    assert!(room_left(0).contains("5 more can be added"));
    assert!(room_left(4).contains("1 more can be added"));
    assert!(room_left(5).contains("Delete one to add another"));
}

#[wasm_bindgen_test]
fn the_preview_renders_with_core_and_treats_a_cleared_field_as_missing() {
    let template = TemplateView {
        sid: "HX1".into(),
        name: Some("delivery".into()),
        language: None,
        body: Some("Hello {{1}}, {{2}} is outside".into()),
        placeholders: vec!["1".into(), "2".into()],
        samples: BTreeMap::new(),
        whatsapp_status: "approved".into(),
    };
    let values = BTreeMap::from([
        ("1".to_owned(), "Robert".to_owned()),
        ("2".to_owned(), String::new()),
    ]);
    let rendered = preview(Some(&template), &values).unwrap();
    assert_eq!(rendered.text, "Hello Robert, {{2}} is outside");
    assert_eq!(rendered.problems.len(), 1);
    assert_eq!(rendered.problems[0].to_string(), "fill in {{2}}");
}

#[wasm_bindgen_test]
fn the_list_filter_keeps_only_what_is_set_in_the_url() {
    let filter = ListFilter {
        q: " +34 600 ".into(),
        page: "1.PT3".into(),
        ..ListFilter::default()
    };
    assert_eq!(
        filter.pairs(),
        vec![("q", "+34 600".to_owned()), ("page", "1.PT3".to_owned())]
    );
    assert_eq!(
        switchboard_ui::api::query_string(&filter.pairs()),
        "?q=%2B34%20600&page=1.PT3"
    );
}

#[wasm_bindgen_test]
fn the_mirror_filters_travel_in_a_stable_order_and_a_state_tab_starts_at_the_first_page() {
    let filter = ListFilter {
        sort: "created".into(),
        failed: "true".into(),
        channel: "mixed".into(),
        number: "whatsapp:+15550108001".into(),
        window: "closed".into(),
        state: "active".into(),
        page: "2".into(),
        ..ListFilter::default()
    };
    assert_eq!(
        switchboard_ui::api::query_string(&filter.pairs()),
        "?state=active&channel=mixed&number=whatsapp%3A%2B15550108001&window=closed&failed=true&sort=created&page=2"
    );
    let closed = filter.in_state("closed");
    assert_eq!(closed.state, "closed");
    assert_eq!(closed.page, "");
    assert_eq!(closed.window, "closed");
    assert!(closed.narrows());
    let sorted_only = ListFilter {
        sort: "created".into(),
        page: "2".into(),
        ..ListFilter::default()
    };
    assert!(!sorted_only.narrows());
}

#[wasm_bindgen_test]
fn a_handset_replies_to_the_business_number_it_last_heard_from() {
    let heard = switchboard_ui::api::PhoneMessage {
        sid: "SM1".into(),
        direction: "received".into(),
        from: "whatsapp:+15550108001".into(),
        to: "whatsapp:+34600000001".into(),
        body: Some("Hello".into()),
        date_created: None,
    };
    assert_eq!(reply_to(&[heard]).as_deref(), Some("whatsapp:+15550108001"));
    assert_eq!(reply_to(&[]), None);
}

#[wasm_bindgen_test]
fn a_sentence_is_filled_in_one_pass_by_placeholder_name() {
    assert_eq!(
        i18n::fill("{b} before {a}", &[("a", "A"), ("b", "B")]),
        "B before A"
    );
    assert_eq!(
        i18n::fill(
            "{name} is now {role}.",
            &[("name", "{role}"), ("role", "Admin")]
        ),
        "{role} is now Admin."
    );
    assert_eq!(i18n::fill("{unknown} {", &[("a", "A")]), "{unknown} {");
    assert_eq!(
        i18n::role_changed("ana", switchboard_core::api::Role::Admin),
        "ana is now Admin."
    );
}

#[wasm_bindgen_test]
fn the_people_a_close_takes_from_are_named_as_a_list() {
    let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(i18n::and_list(&[]), "");
    assert_eq!(i18n::and_list(&names(&["Ines"])), "Ines");
    assert_eq!(
        i18n::and_list(&names(&["Ana", "Ines", "Tom"])),
        "Ana, Ines and Tom"
    );
    assert!(
        i18n::close_consequence(&names(&["Ines", "Tom"]))
            .starts_with("Ines and Tom will no longer be able to write")
    );
    assert_eq!(i18n::close_question("Ines ⇄ Tom"), "End Ines ⇄ Tom now?");
}

#[wasm_bindgen_test]
fn every_webhook_event_core_knows_has_the_catalogs_words() {
    for (filter, meaning) in switchboard_core::api::WEBHOOK_FILTERS {
        assert_eq!(i18n::webhook_event(filter, ""), format!("when {meaning}"));
    }
    assert_eq!(
        i18n::webhook_event("onSomethingNew", "something new happens"),
        "when something new happens"
    );
}

#[wasm_bindgen_test]
fn a_phones_link_opens_the_handsets_it_names() {
    let pairs = [
        (
            "whatsapp:+34600000001".to_owned(),
            "whatsapp:+15550108001".to_owned(),
        ),
        ("+15550100001".to_owned(), "+15550109001".to_owned()),
    ];
    let link = phones_link(&pairs);
    let param = link.strip_prefix("/phones?open=").unwrap();
    let decoded = String::from(js_sys::decode_uri_component(param).unwrap());
    assert_eq!(
        opened(&decoded),
        pairs.map(|(person, business)| (person, Some(business)))
    );
    assert_eq!(opened(" +1555 , "), vec![("+1555".to_owned(), None)]);
}
