//! Needs attention's groups and the first walk's progress bar.

use super::*;

/// A failed delivery with Twilio's error `code`; the server's English `reason` beside it is not
/// what the page shows: it tells the reason from the code, in the operator's language.
fn failed(sid: &str, fix: AttentionFix, code: i64) -> FailedDelivery {
    FailedDelivery {
        conversation_sid: sid.into(),
        conversation_name: Some(format!("Order {sid}")),
        message_index: 2,
        participant_sid: "MB1".into(),
        address: Some("whatsapp:+34600000001".into()),
        error_code: Some(code),
        reason: Some("the server's English words".into()),
        fix,
        failed_at: minutes_from_now(-10.5),
    }
}

#[wasm_bindgen_test]
fn needs_attention_lists_each_failure_with_its_fix_and_says_when_a_group_is_empty() {
    let attention = Attention {
        failed_deliveries: vec![
            failed("CH1", AttentionFix::SendTemplate, 63016),
            failed("CH2", AttentionFix::CheckNumber, 30008),
        ],
        closing_windows: vec![],
        waiting_opt_ins: vec![WaitingOptIn {
            conversation_sid: "CH3".into(),
            conversation_name: None,
            started_at: minutes_from_now(-2.5),
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
            && text.contains("not delivered: WhatsApp needs a template after 24 hours")
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
    assert!(
        second
            .text_content()
            .unwrap()
            .contains("not delivered (error 30008)")
    );
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
        started_at: minutes_from_now(-1.5),
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
