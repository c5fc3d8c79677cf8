//! The sentences with parts filled in. Each part has a name in the catalog's pattern, so a language
//! can put the parts in its own order; nothing here joins fragments of a sentence.

use switchboard_core::api::Role;

use super::ending::counted;
use super::{language, t};

/// First strong isolate and pop directional isolate: a value between them keeps its own direction,
/// so a phone number or a SID inside an Arabic sentence still reads left to right.
const ISOLATE: (char, char) = ('\u{2068}', '\u{2069}');

/// `pattern` with each `{key}` replaced by its value, in one pass, so a value is never read as a
/// pattern; a `{…}` with no value given stays as it is. In a right-to-left language each value is
/// isolated from the sentence around it.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let isolate = language().right_to_left();
    let mut text = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let key = &after[..close];
            let value = values.iter().find(|(name, _)| *name == key)?.1;
            Some((value, &after[close + 1..]))
        });
        match filled {
            Some((value, tail)) => {
                if isolate {
                    text.push(ISOLATE.0);
                    text.push_str(value);
                    text.push(ISOLATE.1);
                } else {
                    text.push_str(value);
                }
                rest = tail;
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

pub fn role_changed(name: &str, role: Role) -> String {
    fill(
        t().role_changed,
        &[("name", name), ("role", t().role_name(role))],
    )
}

pub fn user_disabled(name: &str) -> String {
    fill(t().user_disabled, &[("name", name)])
}

pub fn user_enabled(name: &str) -> String {
    fill(t().user_enabled, &[("name", name)])
}

pub fn user_added(name: &str) -> String {
    fill(t().user_added, &[("name", name)])
}

/// The label of a person's role picker: `Role ana`.
pub fn role_of_user(name: &str) -> String {
    fill(t().role_of_user, &[("name", name)])
}

/// `Ines`, `Ines and Tom`, `Ana, Ines and Tom`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => fill(
            t().list_two,
            &[("first", &rest.join(t().list_separator)), ("second", last)],
        ),
    }
}

pub fn close_question(name: &str) -> String {
    fill(t().close_question, &[("name", name)])
}

/// What closing takes from `people` (their names, in order).
pub fn close_consequence(people: &[String]) -> String {
    fill(t().close_consequence, &[("people", &and_list(people))])
}

pub fn delete_question(name: &str) -> String {
    fill(t().delete_question, &[("name", name)])
}

pub fn delete_consequence(messages: usize) -> String {
    let count = crate::format::count(messages as u64);
    fill(
        counted(t().delete_consequence, messages as u64),
        &[("count", &count)],
    )
}

pub fn webhooks_room(max: usize, left: usize) -> String {
    fill(
        t().webhooks_room,
        &[("max", &max.to_string()), ("left", &left.to_string())],
    )
}

pub fn webhooks_full(max: usize) -> String {
    fill(t().webhooks_full, &[("max", &max.to_string())])
}

pub fn delete_webhook_consequence(url: &str) -> String {
    fill(t().delete_webhook_consequence, &[("url", url)])
}

/// `POST https://example.com/hooks`
pub fn webhook_line(method: &str, url: &str) -> String {
    fill(t().webhook_line, &[("method", method), ("url", url)])
}

/// When a webhook is told about `filter`, in the catalog's words; an event the catalog does not
/// know yet is told with `meaning`, the words `core` gives it.
pub fn webhook_event(filter: &str, meaning: &str) -> String {
    let t = t();
    let words = match filter {
        "onMessageAdded" => t.event_message_added,
        "onMessageUpdated" => t.event_message_updated,
        "onMessageRemoved" => t.event_message_removed,
        "onConversationUpdated" => t.event_conversation_updated,
        "onConversationStateUpdated" => t.event_conversation_state_updated,
        "onConversationRemoved" => t.event_conversation_removed,
        "onParticipantAdded" => t.event_participant_added,
        "onParticipantUpdated" => t.event_participant_updated,
        "onParticipantRemoved" => t.event_participant_removed,
        "onDeliveryUpdated" => t.event_delivery_updated,
        _ => return fill(t.when_event, &[("event", meaning)]),
    };
    words.to_owned()
}

pub fn reassign_question(name: &str) -> String {
    fill(t().reassign_question, &[("name", name)])
}

pub fn reassign_consequence(name: &str) -> String {
    fill(t().reassign_consequence, &[("name", name)])
}

/// The conversation `name` already holds the pair being checked.
pub fn pair_taken(name: &str) -> String {
    fill(t().pair_taken, &[("name", name)])
}

pub fn use_free_number(number: &str) -> String {
    fill(t().use_free_number, &[("number", number)])
}

/// `Order 8812 — Robert ⇄ Alicia`
pub fn order_name(reference: &str, people: &str) -> String {
    fill(
        t().order_name,
        &[("reference", reference), ("people", people)],
    )
}

/// `Robert ⇄ Alicia`
pub fn pair_name(left: &str, right: &str) -> String {
    fill(t().pair_name, &[("left", left), ("right", right)])
}

/// A label with what qualifies it: `Robert · WhatsApp`.
pub fn labelled(label: &str, detail: &str) -> String {
    fill(t().labelled, &[("label", label), ("detail", detail)])
}

/// A template in a picker: `delivery (approved)`.
pub fn template_option(name: &str, approval: &str) -> String {
    fill(
        t().template_option,
        &[("name", name), ("approval", approval)],
    )
}

/// The number as it was understood while typed.
pub fn number_understood(number: &str) -> String {
    fill(t().number_understood, &[("number", number)])
}

/// A template message with no text to show: `Template HX…`.
pub fn template_message(template: &str) -> String {
    fill(t().template_message, &[("template", template)])
}

/// One recipient's receipt: `To Alicia: Delivered`.
pub fn delivery_to(person: &str, status: &str) -> String {
    fill(t().delivery_to, &[("person", person), ("status", status)])
}

/// A receipt with why it failed: `Failed: not delivered: …`.
pub fn delivery_reason(status: &str, reason: &str) -> String {
    fill(
        t().delivery_reason,
        &[("status", status), ("reason", reason)],
    )
}

pub fn opt_in_started_by(name: &str, when: &str) -> String {
    fill(t().opt_in_started_by, &[("name", name), ("when", when)])
}

/// The label of the button that puts a simulated phone away.
pub fn close_phone(phone: &str) -> String {
    fill(t().close_phone, &[("phone", phone)])
}

pub fn import_summary(valid: usize, invalid: usize) -> String {
    fill(
        t().import_summary,
        &[
            ("valid", &valid.to_string()),
            ("invalid", &invalid.to_string()),
        ],
    )
}

pub fn import_running(done: usize, total: usize) -> String {
    fill(
        t().import_running,
        &[("done", &done.to_string()), ("total", &total.to_string())],
    )
}

pub fn import_finished(created: usize, failed: usize) -> String {
    fill(
        t().import_finished,
        &[
            ("created", &created.to_string()),
            ("failed", &failed.to_string()),
        ],
    )
}

/// A state's tab with how many conversations are in it: `Active (12)`.
pub fn state_count(state: &str, count: &str) -> String {
    fill(t().state_count, &[("state", state), ("count", count)])
}

/// What the search covers while the first read of the account runs.
pub fn coverage_filling(done: &str) -> String {
    fill(t().coverage_filling, &[("done", done)])
}

/// A row's newest message: `Robert: I am at the door`.
pub fn last_message_by(author: &str, text: &str) -> String {
    fill(t().last_message_by, &[("author", author), ("text", text)])
}

/// Why Twilio did not deliver a message, from its error code, in the operator's language.
pub fn delivery_failure(code: i64) -> String {
    match t().delivery_failure(code) {
        Some(words) => words.to_owned(),
        None => fill(t().reason_other, &[("code", &code.to_string())]),
    }
}

pub fn failed_mark_title(reason: &str, when: &str) -> String {
    fill(t().failed_mark_title, &[("reason", reason), ("when", when)])
}

/// What connecting the account's events changes: `ours` replaces `theirs`, or sets a URL where
/// there was none.
pub fn connect_consequence(ours: &str, theirs: Option<&str>) -> String {
    match theirs {
        Some(theirs) => fill(t().connect_replaces, &[("ours", ours), ("theirs", theirs)]),
        None => fill(t().connect_sets, &[("ours", ours)]),
    }
}

pub fn mirror_running(done: u64) -> String {
    let count = crate::format::count(done);
    fill(counted(t().mirror_running, done), &[("done", &count)])
}

pub fn mirror_finished(done: &str, when: &str) -> String {
    fill(t().mirror_finished, &[("done", done), ("when", when)])
}

pub fn mirror_holds(held: u64) -> String {
    let count = crate::format::count(held);
    fill(counted(t().mirror_holds, held), &[("count", &count)])
}

pub fn mirror_reconciled(when: &str) -> String {
    fill(t().mirror_reconciled, &[("when", when)])
}

/// The header badge's accessible name: `3 things need attention`.
pub fn attention_count(count: usize) -> String {
    let shown = crate::format::count(count as u64);
    fill(
        counted(t().attention_count, count as u64),
        &[("count", &shown)],
    )
}

/// What an audit entry's action did, in words (`pairing.create` → `Paired two people`); `None` for an
/// action this catalog does not know yet.
pub fn audit_action(action: &str) -> Option<&'static str> {
    t().audit_words(action)
}
