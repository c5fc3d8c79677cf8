//! Components rendered in a real browser (headless Chromium through wasm-bindgen-test), one
//! module per part of the UI; the helpers that mount a view and read it back are here.
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
use switchboard_ui::format::{count, local_time, relative_amount, relative_time};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod attention;
mod audit;
mod ending;
mod forms;
mod languages;
mod list;

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
        ending: None,
    }
}

/// `minutes` from now (negative: ago), as the server writes a time. Callers that read the time back
/// as "5 minutes ago" pass half minutes, so a millisecond of clock between writing and reading
/// (or a server clock noted by another test) cannot tip it into the next minute.
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
