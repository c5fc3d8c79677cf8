//! The audit log's table and the query its filters make.

use super::*;

fn entry(action: &str, outcome: AuditOutcome, error: Option<&str>) -> AuditEntry {
    AuditEntry {
        id: 1,
        at: "2026-11-26T13:00:00Z".into(),
        actor: "first.admin".into(),
        action: action.into(),
        target: Some("CH0123".into()),
        outcome,
        error: error.map(Into::into),
        said: None,
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
