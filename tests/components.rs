//! Components rendered in a real browser (headless Chromium through wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_router::components::Router;
use switchboard_core::api::{AuditEntry, AuditOutcome, ConversationRow, ConversationState};
use switchboard_ui::api::{audit_pairs, query_string};
use switchboard_ui::components::audit_table::AuditTable;
use switchboard_ui::components::conversations_table::ConversationsTable;
use switchboard_ui::components::filter_form::FilterForm;
use switchboard_ui::format::local_time;
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
