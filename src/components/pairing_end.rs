//! A pairing's end as people choose and read it: the lengths of silence offered, the words for an
//! end ("closes after 2 hours of silence"), and when a conversation closes ("Closes in 1 hr 40 min").

use leptos::prelude::*;
use switchboard_core::api::{Ending, PairingEnd};

use crate::format::{minutes_long, seconds_until, time_left};
use crate::i18n::{self, Words, t};

/// The lengths of silence offered, in minutes: Twilio's shortest close (10 minutes) to a week.
pub const SILENCES: [u32; 10] = [10, 30, 60, 120, 240, 480, 720, 1440, 2880, 10080];

/// What the person chose in an end picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndChoice {
    /// The admins' default (on the pairing board only).
    Default,
    Never,
    After(u32),
}

impl EndChoice {
    fn value(self) -> String {
        match self {
            EndChoice::Default => "default".into(),
            EndChoice::Never => "never".into(),
            EndChoice::After(minutes) => minutes.to_string(),
        }
    }

    fn parse(value: &str) -> EndChoice {
        match value {
            "default" => EndChoice::Default,
            other => other.parse().map_or(EndChoice::Never, EndChoice::After),
        }
    }

    pub fn of(minutes: Option<u32>) -> EndChoice {
        minutes.map_or(EndChoice::Never, EndChoice::After)
    }

    pub fn minutes(self) -> Option<u32> {
        match self {
            EndChoice::After(minutes) => Some(minutes),
            _ => None,
        }
    }
}

/// `closes after 2 hours of silence`, or `No end`.
pub fn end_words(end: &PairingEnd) -> String {
    match end.close_after_minutes {
        Some(minutes) => i18n::closes_after(&minutes_long(minutes)),
        None => t().end_never.to_owned(),
    }
}

/// A picker of a length of silence. `default` adds the admins' default, said in its words, as the
/// first choice; `never`, when given, names the choice of no end.
#[component]
pub fn EndSelect(
    id: &'static str,
    chosen: RwSignal<EndChoice>,
    #[prop(optional)] never: Option<Words>,
    #[prop(optional, into)] default: Option<Signal<String>>,
) -> impl IntoView {
    let options = move || {
        let mut choices: Vec<EndChoice> = Vec::new();
        if default.is_some() {
            choices.push(EndChoice::Default);
        }
        if never.is_some() {
            choices.push(EndChoice::Never);
        }
        choices.extend(SILENCES.map(EndChoice::After));
        // An end set elsewhere (the API, a CSV) that is not offered stays shown as it is.
        if let EndChoice::After(minutes) = chosen.get()
            && !SILENCES.contains(&minutes)
        {
            choices.push(EndChoice::After(minutes));
        }
        choices
            .into_iter()
            .map(|choice| {
                let label = match choice {
                    EndChoice::Default => {
                        i18n::end_default(&default.map(|d| d.get()).unwrap_or_default())
                    }
                    EndChoice::Never => {
                        never.map(|never| never(t())).unwrap_or_default().to_owned()
                    }
                    EndChoice::After(minutes) => minutes_long(minutes),
                };
                view! { <option value=choice.value()>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <select
            id=id
            prop:value=move || chosen.get().value()
            on:change=move |ev| chosen.set(EndChoice::parse(&event_target_value(&ev)))
        >
            {options}
        </select>
    }
}

/// `Closes in 1 hr 40 min`, `Becomes inactive in 20 min`, told from the server's clock.
pub fn ending_words(ending: &Ending) -> Option<String> {
    if let Some(closes_at) = &ending.closes_at {
        let left = seconds_until(closes_at)?;
        return Some(time_left(left).map_or_else(
            || t().closes_any_moment.to_owned(),
            |time| i18n::closes_in(&time),
        ));
    }
    let inactive_at = ending.inactive_at.as_deref()?;
    time_left(seconds_until(inactive_at)?).map(|time| i18n::inactive_in(&time))
}
