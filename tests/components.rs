//! Components rendered in a real browser (headless Chromium through wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use switchboard_core::Channel;
use switchboard_core::api::{
    Attention, AttentionFix, AuditEntry, AuditOutcome, ConversationRow, ConversationState,
    FailedDelivery, LastFailure, LastMessage, ListSource, ParticipantView, StateCounts,
    WaitingOptIn, WalkProgress,
};
use switchboard_ui::api::{ListFilter, audit_pairs, query_string};
use switchboard_ui::components::attention_list::AttentionList;
use switchboard_ui::components::audit_table::AuditTable;
use switchboard_ui::components::conversations_table::ConversationsTable;
use switchboard_ui::components::filter_form::FilterForm;
use switchboard_ui::components::list_summary::{Coverage, StateTabs};
use switchboard_ui::components::mirror_progress::MirrorProgress;
use switchboard_ui::format::{local_time, relative_amount};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn render(view: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    std::mem::forget(leptos::mount::mount_to(container.clone(), view));
    container
}

fn row(sid: &str, name: Option<&str>, state: ConversationState) -> ConversationRow {
    ConversationRow {
        sid: sid.into(),
        friendly_name: name.map(Into::into),
        unique_name: None,
        state,
        date_created: "2026-11-26T13:00:00Z".into(),
        date_updated: None,
        reference: None,
        participants: vec![],
        last_message: None,
        last_failure: None,
        confirmed_at: None,
    }
}

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

fn entry(action: &str, outcome: AuditOutcome, error: Option<&str>) -> AuditEntry {
    AuditEntry {
        id: 1,
        at: "2026-11-26T13:00:00Z".into(),
        actor: "first.admin".into(),
        action: action.into(),
        target: Some("CH0123".into()),
        outcome,
        error: error.map(Into::into),
        detail: serde_json::json!({}),
    }
}

#[wasm_bindgen_test]
fn the_audit_table_shows_who_did_what_and_why_a_change_failed() {
    let entries = vec![
        entry("pairing.create", AuditOutcome::Ok, None),
        entry(
            "conversation.delete",
            AuditOutcome::Failed,
            Some("This needs the admin role."),
        ),
    ];
    let container = render(move || view! { <AuditTable entries/> }.into_any());
    let rows = container.query_selector_all("tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    let first = rows.get(0).unwrap().text_content().unwrap();
    assert!(
        first.contains("first.admin")
            && first.contains("pairing.create")
            && first.contains("CH0123")
            && first.contains("Done"),
        "{first}"
    );
    let second = rows.get(1).unwrap().text_content().unwrap();
    assert!(
        second.contains("Failed") && second.contains("This needs the admin role."),
        "{second}"
    );
}

#[wasm_bindgen_test]
fn an_empty_audit_log_says_nothing_matches() {
    let container = render(|| view! { <AuditTable entries=vec![]/> }.into_any());
    assert_eq!(
        container.text_content().unwrap(),
        "Nothing recorded matches these filters."
    );
}

#[wasm_bindgen_test]
fn audit_filters_become_an_encoded_url_query_without_empty_values() {
    let query = switchboard_core::api::AuditQuery {
        actor: Some("ana maria".into()),
        action: Some(String::new()),
        target: Some("CH1&x".into()),
        before: Some(40),
        limit: None,
    };
    assert_eq!(
        query_string(&audit_pairs(&query)),
        "?actor=ana%20maria&target=CH1%26x&before=40"
    );
    assert_eq!(query_string(&[]), "");
}

#[wasm_bindgen_test]
fn after_sign_in_only_a_path_of_this_site_is_followed() {
    use switchboard_ui::api::after_sign_in;
    assert_eq!(
        after_sign_in(Some("/audit?actor=x".into())),
        "/audit?actor=x"
    );
    assert_eq!(
        after_sign_in(Some("//evil.example".into())),
        "/conversations"
    );
    assert_eq!(
        after_sign_in(Some("https://evil.example".into())),
        "/conversations"
    );
    assert_eq!(after_sign_in(None), "/conversations");
}

#[wasm_bindgen_test]
fn a_filter_form_puts_only_the_filled_in_fields_trimmed_into_the_url_query() {
    let window = web_sys::window().unwrap();
    let before = window.location().href().unwrap();
    let container = render(|| {
        view! {
            <Router>
                <FilterForm action="/audit">
                    <input name="actor" value=""/>
                    <input name="action" value="  user.create "/>
                    <input name="target" value="CH1 x"/>
                    <button type="submit">"Filter"</button>
                </FilterForm>
            </Router>
        }
        .into_any()
    });
    let form: web_sys::HtmlFormElement = container
        .query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(form.get_attribute("role").as_deref(), Some("search"));
    let button: web_sys::HtmlElement = container
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    form.request_submit_with_submitter(Some(&button)).unwrap();
    let location = window.location();
    let (path, search) = (location.pathname().unwrap(), location.search().unwrap());
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
    assert_eq!(path, "/audit");
    assert_eq!(search, "?action=user.create&target=CH1+x");
}

/// `minutes` from now (negative: ago), as the server writes a time.
fn minutes_from_now(minutes: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() + minutes * 60_000.0))
        .to_iso_string()
        .into()
}

/// Lets the page's reactive updates run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn texts(container: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let found = container.query_selector_all(selector).unwrap();
    (0..found.length())
        .map(|i| found.get(i).unwrap().text_content().unwrap())
        .collect()
}

fn attribute(container: &web_sys::HtmlElement, selector: &str, name: &str) -> Option<String> {
    container
        .query_selector(selector)
        .unwrap()
        .and_then(|element| element.get_attribute(name))
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
    }
}

#[wasm_bindgen_test]
fn a_row_shows_its_last_activity_with_a_preview_and_marks_a_failed_delivery() {
    let mut failing = row("CH1", Some("Order 8812"), ConversationState::Active);
    failing.participants = vec![whatsapp_person("Robert", "whatsapp:+34600000001")];
    failing.last_message = Some(LastMessage {
        index: 4,
        at: minutes_from_now(-5.0),
        author: Some("whatsapp:+34600000001".into()),
        preview: Some("I am at the door".into()),
    });
    failing.last_failure = Some(LastFailure {
        message_index: 3,
        participant_sid: "MB1".into(),
        error_code: Some(63016),
        at: minutes_from_now(-7.0),
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
    assert!(mark.get_attribute("title").unwrap().contains("Error 63016"));
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

fn failed(sid: &str, fix: AttentionFix, reason: Option<&str>) -> FailedDelivery {
    FailedDelivery {
        conversation_sid: sid.into(),
        conversation_name: Some(format!("Order {sid}")),
        message_index: 2,
        participant_sid: "MB1".into(),
        address: Some("whatsapp:+34600000001".into()),
        error_code: Some(63016),
        reason: reason.map(Into::into),
        fix,
        failed_at: minutes_from_now(-10.0),
    }
}

#[wasm_bindgen_test]
fn needs_attention_lists_each_failure_with_its_fix_and_says_when_a_group_is_empty() {
    let attention = Attention {
        failed_deliveries: vec![
            failed(
                "CH1",
                AttentionFix::SendTemplate,
                Some("The WhatsApp window is closed."),
            ),
            failed("CH2", AttentionFix::CheckNumber, None),
        ],
        closing_windows: vec![],
        waiting_opt_ins: vec![WaitingOptIn {
            conversation_sid: "CH3".into(),
            conversation_name: None,
            started_at: minutes_from_now(-2.0),
        }],
    };
    assert_eq!(attention.count(), 3);
    let now = js_sys::Date::now();
    let container =
        render(move || view! { <Router><AttentionList attention now_ms=now/></Router> }.into_any());
    let failures = container
        .query_selector_all("#attention-failed tbody tr")
        .unwrap();
    assert_eq!(failures.length(), 2);
    let first: web_sys::Element = failures.get(0).unwrap().unchecked_into();
    let text = first.text_content().unwrap();
    assert!(
        text.contains("Order CH1")
            && text.contains("+34 600 000 001 · WhatsApp")
            && text.contains("The WhatsApp window is closed.")
            && text.contains("10 minutes ago"),
        "{text}"
    );
    let fix = first.query_selector("td.fix a").unwrap().unwrap();
    assert_eq!(fix.text_content().unwrap(), "Send a template");
    assert_eq!(
        fix.get_attribute("href").as_deref(),
        Some("/conversations/CH1?send=template")
    );
    let second: web_sys::Element = failures.get(1).unwrap().unchecked_into();
    assert!(second.text_content().unwrap().contains("Error 63016"));
    let check = second.query_selector("td.fix a").unwrap().unwrap();
    assert_eq!(check.text_content().unwrap(), "Check the number");
    assert_eq!(
        check.get_attribute("href").as_deref(),
        Some("/conversations/CH2")
    );
    assert_eq!(
        texts(&container, "#attention-closing p.empty"),
        ["No WhatsApp window closes within the hour."]
    );
    assert!(
        container
            .query_selector("#attention-closing table")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        texts(&container, "#attention-opt-ins tbody td"),
        ["(no name)", "2 minutes ago"]
    );
}

#[wasm_bindgen_test]
async fn the_walks_progress_bar_moves_while_it_runs_and_is_full_once_finished() {
    let walk = RwSignal::new(WalkProgress::NotStarted);
    let container = render(move || view! { <MirrorProgress walk/> }.into_any());
    assert!(container.query_selector("progress").unwrap().is_none());
    assert_eq!(
        container.text_content().unwrap(),
        "The account has not been read yet."
    );
    walk.set(WalkProgress::Running {
        done: 1_250,
        started_at: minutes_from_now(-1.0),
    });
    settle().await;
    let bar = container.query_selector("progress").unwrap().unwrap();
    assert!(
        bar.get_attribute("value").is_none(),
        "a running walk has no known end"
    );
    assert_eq!(
        texts(&container, "[role='status']"),
        ["1,250 conversations read so far."]
    );
    walk.set(WalkProgress::Finished {
        done: 2_000,
        finished_at: "2026-11-26T13:00:00Z".into(),
    });
    settle().await;
    let bar = container.query_selector("progress").unwrap().unwrap();
    assert_eq!(bar.get_attribute("value").as_deref(), Some("1"));
    assert_eq!(bar.get_attribute("max").as_deref(), Some("1"));
    let said = texts(&container, "[role='status']").concat();
    assert!(
        said.starts_with("Read in full: 2,000 conversations, finished "),
        "{said}"
    );
}
