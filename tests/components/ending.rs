//! A pairing's end as the list says it: lengths of silence and time left in the browser's words,
//! told from the server's clock.

use switchboard_core::api::Ending;
use switchboard_ui::format::{minutes_long, note_server_now, time_left};

use super::*;

#[wasm_bindgen_test]
fn lengths_of_silence_and_time_left_are_written_by_the_browsers_formatters() {
    assert_eq!(minutes_long(120), "2 hours");
    assert_eq!(minutes_long(1440), "1 day");
    assert_eq!(minutes_long(90), "90 minutes");
    assert_eq!(time_left(100.0 * 60.0).as_deref(), Some("1 hr 40 min"));
    assert_eq!(time_left(120.0 * 60.0).as_deref(), Some("2 hr"));
    assert_eq!(time_left(25.0 * 60.0 + 30.0).as_deref(), Some("25 min"));
    assert_eq!(time_left(3.0 * 86_400.0).as_deref(), Some("3 days"));
    assert_eq!(time_left(30.0), None);
}

fn ending_in(minutes: f64) -> Ending {
    Ending {
        inactive_at: None,
        closes_at: Some(minutes_from_now(minutes)),
    }
}

fn shown_ending(ending: Ending) -> String {
    let mut closing = row("CH1", Some("Order 7001"), ConversationState::Active);
    closing.ending = Some(ending);
    let rows = vec![closing];
    let container =
        render(move || view! { <Router><ConversationsTable rows/></Router> }.into_any());
    container
        .query_selector(".ending")
        .unwrap()
        .expect("a row with an end says when it closes")
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
fn a_row_says_when_it_closes_from_the_servers_clock() {
    assert_eq!(shown_ending(ending_in(100.5)), "Closes in 1 hr 40 min");
    // The sandbox's clock moved on three hours: the server's "now" is what counts.
    let three_hours = minutes_from_now(180.0);
    note_server_now(Some(&three_hours));
    let shown = shown_ending(ending_in(180.0 + 30.5));
    note_server_now(Some(&minutes_from_now(0.0)));
    assert_eq!(shown, "Closes in 30 min");
}

#[wasm_bindgen_test]
fn counted_sentences_take_the_plural_form_the_browser_gives() {
    use switchboard_ui::i18n;
    assert_eq!(i18n::bulk_end_question(1), "End 1 conversation now?");
    assert_eq!(
        i18n::bulk_end_question(1200),
        "End 1,200 conversations now?"
    );
    assert_eq!(i18n::taken_for(1, 1), "1 of 1 person");
    assert_eq!(i18n::taken_for(3, 12), "3 of 12 people");
}
