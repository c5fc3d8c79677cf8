//! The sentences of a pairing's end, the number pool and ending many conversations at once, and the
//! counted sentences' plural forms.

use switchboard_core::api::{ChannelUsage, WhatsappWindow};

use super::{fill, t};

/// The admins' default end, as the pairing board offers it: `The default: closes after 2 hours of silence`.
pub fn end_default(end: &str) -> String {
    fill(t().end_default, &[("end", end)])
}

/// `closes after 2 hours of silence`
pub fn closes_after(time: &str) -> String {
    fill(t().closes_after, &[("time", time)])
}

/// `Closes in 1 hr 40 min`
pub fn closes_in(time: &str) -> String {
    fill(t().closes_in, &[("time", time)])
}

/// `Becomes inactive in 20 min`
pub fn inactive_in(time: &str) -> String {
    fill(t().inactive_in, &[("time", time)])
}

/// `1 hr 40 min`, from `1 hr` and `40 min` as the browser's language writes them.
pub fn hours_and_minutes(hours: &str, minutes: &str) -> String {
    fill(
        t().hours_and_minutes,
        &[("hours", hours), ("minutes", minutes)],
    )
}

/// Whether free-form text sent now reaches `person`, and what to do when it will not.
pub fn recipient_outlook(person: &str, window: Option<&WhatsappWindow>) -> String {
    match window {
        None => fill(t().recipient_gets, &[("person", person)]),
        Some(WhatsappWindow::Open { until }) => fill(
            t().recipient_gets_until,
            &[
                ("person", person),
                ("time", &crate::format::local_time(until)),
            ],
        ),
        Some(WhatsappWindow::Closed) => fill(t().recipient_window_closed, &[("person", person)]),
        Some(WhatsappWindow::NotYet) => fill(t().recipient_not_yet, &[("person", person)]),
    }
}

/// One channel of the pool: who has a pairing on it, who holds every number, who has one left.
pub fn channel_summary(channel: &str, usage: &ChannelUsage) -> String {
    fill(
        t().channel_summary,
        &[
            ("channel", channel),
            ("people", &crate::format::count(usage.people)),
            ("every", &crate::format::count(usage.on_every_number)),
            ("one_left", &crate::format::count(usage.one_left)),
        ],
    )
}

/// `34 of 50 people`
pub fn taken_for(people: u64, total: u64) -> String {
    fill(
        counted(t().taken_for, total),
        &[
            ("people", &crate::format::count(people)),
            ("total", &crate::format::count(total)),
        ],
    )
}

/// `held in Order 8812`
pub fn held_in(name: &str) -> String {
    fill(t().held_in, &[("name", name)])
}

/// `+1 555 010 8001 · WhatsApp`
pub fn number_on(number: &str, channel: &str) -> String {
    fill(t().number_on, &[("number", number), ("channel", channel)])
}

/// Who sent a message through Switchboard: `sent by ana.ops`.
pub fn sent_by(name: &str) -> String {
    fill(t().sent_by, &[("name", name)])
}

/// The label of a conversation's checkbox in the list: `Choose Order 8812`.
pub fn choose_conversation(name: &str) -> String {
    fill(t().choose_conversation, &[("name", name)])
}

/// `3 chosen; 120 open conversations match the filters.`
pub fn bulk_chosen(count: usize, matching: u64) -> String {
    fill(
        t().bulk_chosen,
        &[
            ("count", &crate::format::count(count as u64)),
            ("matching", &crate::format::count(matching)),
        ],
    )
}

pub fn bulk_end_question(count: u64) -> String {
    let pattern = counted(t().bulk_end_question, count);
    fill(pattern, &[("count", &crate::format::count(count))])
}

/// The form of a counted sentence (`[one]…[other]…`) that the language's plural rules pick for `n`,
/// `[other]` when it has no form of that category; a sentence with no forms is itself.
pub fn counted(pattern: &'static str, n: u64) -> &'static str {
    if !pattern.starts_with('[') {
        return pattern;
    }
    let category = crate::format::plural_category(n);
    let form = |wanted: &str| {
        pattern.split('[').skip(1).find_map(|part| {
            let (name, text) = part.split_once(']')?;
            (name == wanted).then_some(text)
        })
    };
    form(&category).or_else(|| form("other")).unwrap_or(pattern)
}

/// How far a bulk end has got, or how it finished.
pub fn bulk_end_progress(ended: usize, failed: usize, total: usize, finished: bool) -> String {
    let pattern = if finished {
        t().bulk_end_done
    } else {
        t().bulk_end_running
    };
    fill(
        pattern,
        &[
            ("ended", &crate::format::count(ended as u64)),
            ("failed", &crate::format::count(failed as u64)),
            ("total", &crate::format::count(total as u64)),
        ],
    )
}

/// A conversation that could not be ended, and why.
pub fn bulk_failed_row(name: &str, reason: &str) -> String {
    fill(t().bulk_failed_row, &[("name", name), ("reason", reason)])
}
