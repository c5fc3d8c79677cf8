//! The conversations list: its table, rows, state counts, what a search covers, and times.

use super::*;

#[wasm_bindgen_test]
fn the_table_shows_one_row_per_conversation_with_its_state() {
    let rows = vec![
        row(
            "CH1",
            Some("Order 8812 — Robert ⇄ Alicia"),
            ConversationState::Active,
        ),
        row("CH2", None, ConversationState::Closed),
    ];
    let container =
        render(move || view! { <Router><ConversationsTable rows/></Router> }.into_any());
    let body_rows = container.query_selector_all("tbody tr").unwrap();
    assert_eq!(body_rows.length(), 2);
    let first: web_sys::Element = body_rows.get(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("data-sid").as_deref(), Some("CH1"));
    let text = first.text_content().unwrap();
    assert!(
        text.contains("Order 8812 — Robert ⇄ Alicia") && text.contains("Active"),
        "{text}"
    );
    let second = body_rows.get(1).unwrap().text_content().unwrap();
    assert!(
        second.contains("(no name)") && second.contains("Closed"),
        "{second}"
    );
}

#[wasm_bindgen_test]
fn an_empty_list_says_what_will_appear_there() {
    let container =
        render(|| view! { <Router><ConversationsTable rows=vec![]/></Router> }.into_any());
    assert!(container.query_selector("table").unwrap().is_none());
    assert!(
        container
            .text_content()
            .unwrap()
            .starts_with("No conversations yet.")
    );
}

#[wasm_bindgen_test]
fn times_are_shown_in_the_browsers_locale_not_as_stored() {
    let shown = local_time("2026-11-26T13:00:00Z");
    assert_ne!(shown, "2026-11-26T13:00:00Z");
    assert!(shown.contains("2026"), "{shown}");
    assert_eq!(local_time("not a time"), "not a time");
}

#[wasm_bindgen_test]
fn relative_times_and_counts_are_written_by_the_browsers_formatters_every_time() {
    let now = js_sys::Date::parse("2026-11-26T13:00:00Z");
    for _ in 0..2 {
        assert_eq!(relative_time("2026-11-26T12:55:00Z", now), "5 minutes ago");
        assert_eq!(relative_time("2026-11-26T13:40:00Z", now), "in 40 minutes");
        assert_eq!(count(1234), "1,234");
    }
    assert_eq!(relative_time("soon", now), "soon");
}

#[wasm_bindgen_test]
fn the_state_counts_are_links_that_keep_the_other_filters_and_mark_the_state_shown() {
    let filter = ListFilter {
        q: "rob".into(),
        state: "active".into(),
        page: "2".into(),
        ..ListFilter::default()
    };
    let counts = StateCounts {
        active: 3,
        inactive: 2,
        closed: 1_200,
        limit: None,
    };
    let container =
        render(move || view! { <StateTabs filter=filter counts=Some(counts)/> }.into_any());
    assert_eq!(
        texts(&container, "nav.state-tabs a"),
        [
            "All (1,205)",
            "Active (3)",
            "Inactive (2)",
            "Closed (1,200)"
        ]
    );
    assert_eq!(
        attribute(&container, "a[data-state='closed']", "href").as_deref(),
        Some("/conversations?q=rob&state=closed")
    );
    assert_eq!(
        attribute(&container, "a[data-state='']", "href").as_deref(),
        Some("/conversations?q=rob")
    );
    assert_eq!(texts(&container, "a[aria-current='page']"), ["Active (3)"]);

    let unknown: Option<StateCounts> = None;
    let without = render(move || {
        view! { <StateTabs filter=ListFilter::default() counts=unknown/> }.into_any()
    });
    assert!(without.query_selector("nav").unwrap().is_none());

    let stopped = StateCounts {
        active: 1_000,
        inactive: 12,
        closed: 1_000,
        limit: Some(1_000),
    };
    let many = render(move || {
        view! { <StateTabs filter=ListFilter::default() counts=Some(stopped)/> }.into_any()
    });
    assert_eq!(
        texts(&many, "nav.state-tabs a"),
        [
            "All (2,012+)",
            "Active (1,000+)",
            "Inactive (12)",
            "Closed (1,000+)"
        ],
        "a count where counting stopped says so"
    );
}

#[wasm_bindgen_test]
fn the_coverage_line_says_what_a_search_reads_for_each_source() {
    let said = |source: ListSource| {
        let container = render(move || view! { <Coverage source=Some(source)/> }.into_any());
        let line = container.query_selector("p.coverage").unwrap().unwrap();
        (
            line.get_attribute("data-source").unwrap(),
            line.text_content().unwrap(),
        )
    };
    let (kind, text) = said(ListSource::Mirror);
    assert_eq!(kind, "mirror");
    assert_eq!(text, "The search covers every conversation of the account.");
    let (kind, text) = said(ListSource::Twilio);
    assert_eq!(kind, "twilio");
    assert!(
        text.starts_with(
            "The search reads the 1,000 newest conversations; a phone number finds any."
        ),
        "{text}"
    );
    let (kind, text) = said(ListSource::Filling { done: 4_321 });
    assert_eq!(kind, "filling");
    assert!(
        text.contains("(4,321 conversations so far)") && text.contains("1,000 newest"),
        "{text}"
    );
}

fn whatsapp_person(name: &str, address: &str) -> ParticipantView {
    ParticipantView {
        sid: "MB1".into(),
        name: Some(name.into()),
        channel: Some(Channel::Whatsapp),
        address: Some(address.into()),
        proxy_address: Some("whatsapp:+15550108001".into()),
        identity: None,
        window: None,
        language: None,
    }
}

#[wasm_bindgen_test]
fn a_row_shows_its_last_activity_with_a_preview_and_marks_a_failed_delivery() {
    let mut failing = row("CH1", Some("Order 8812"), ConversationState::Active);
    failing.participants = vec![whatsapp_person("Robert", "whatsapp:+34600000001")];
    failing.last_message = Some(LastMessage {
        index: 4,
        at: minutes_from_now(-5.5),
        author: Some("whatsapp:+34600000001".into()),
        preview: Some("I am at the door".into()),
    });
    failing.last_failure = Some(LastFailure {
        message_index: 3,
        participant_sid: "MB1".into(),
        error_code: Some(63016),
        at: minutes_from_now(-7.5),
    });
    let quiet = row("CH2", Some("Order 8813"), ConversationState::Active);
    let rows = vec![failing, quiet];
    let container =
        render(move || view! { <Router><ConversationsTable rows/></Router> }.into_any());
    let first = container
        .query_selector("tr[data-sid='CH1']")
        .unwrap()
        .unwrap();
    assert_eq!(first.get_attribute("data-failed").as_deref(), Some("true"));
    let mark = first.query_selector(".badge-failed").unwrap().unwrap();
    assert_eq!(mark.text_content().unwrap(), "Delivery failed");
    let title = mark.get_attribute("title").unwrap();
    assert!(
        title.contains("not delivered: WhatsApp needs a template after 24 hours"),
        "{title}"
    );
    let activity = first.query_selector("td.activity").unwrap().unwrap();
    assert_eq!(
        activity
            .query_selector("time")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "5 minutes ago"
    );
    assert_eq!(
        activity
            .query_selector(".preview")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Robert · WhatsApp: I am at the door"
    );
    let second = container
        .query_selector("tr[data-sid='CH2']")
        .unwrap()
        .unwrap();
    assert!(second.get_attribute("data-failed").is_none());
    assert!(second.query_selector(".badge-failed").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_list_read_again_redraws_only_the_rows_that_changed() {
    let rows = RwSignal::new(vec![
        row("CH1", Some("Order 8812"), ConversationState::Active),
        row("CH2", Some("Order 8813"), ConversationState::Active),
    ]);
    let container =
        render(move || view! { <Router><ConversationsTable rows/></Router> }.into_any());
    let before = container
        .query_selector("tr[data-sid='CH1']")
        .unwrap()
        .unwrap();
    rows.update(|rows| rows[1].state = ConversationState::Closed);
    settle().await;
    let after = container
        .query_selector("tr[data-sid='CH1']")
        .unwrap()
        .unwrap();
    assert!(
        before.is_same_node(Some(&after)),
        "an unchanged row was drawn again"
    );
    let changed = container
        .query_selector("tr[data-sid='CH2']")
        .unwrap()
        .unwrap();
    assert!(changed.text_content().unwrap().contains("Closed"));
}

#[wasm_bindgen_test]
fn times_are_told_in_the_largest_unit_they_fill() {
    assert_eq!(relative_amount(-30.0), (0.0, "second"));
    assert_eq!(relative_amount(-300.0), (-5.0, "minute"));
    assert_eq!(relative_amount(2_400.0), (40.0, "minute"));
    assert_eq!(relative_amount(-7_200.0), (-2.0, "hour"));
    assert_eq!(relative_amount(-86_400.0 * 3.0), (-3.0, "day"));
}
