//! Handing one side of a conversation to someone else, keeping the history.

use leptos::prelude::*;
use switchboard_core::Channel;
use switchboard_core::api::{PairingSide, ParticipantView, ReassignRequest};

use super::{PeopleOptions, change};
use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmButton;
use crate::i18n::{self, tr};
use crate::people::{person, phone, typed_number};

/// The participant to replace and who takes their place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reassignment {
    participant: String,
    request: ReassignRequest,
}

/// The new person being typed and the action that puts them in; the form empties once it is done.
#[derive(Clone, Copy)]
pub(super) struct Replacement {
    name: RwSignal<String>,
    number: RwSignal<String>,
    pub(super) reassign: Action<Reassignment, Result<ParticipantView, ApiError>>,
}

impl Replacement {
    pub(super) fn new(sid: Signal<String>) -> Replacement {
        let name = RwSignal::new(String::new());
        let number = RwSignal::new(String::new());
        let reassign = change(
            sid,
            |t| t.reassigned,
            |sid, to: Reassignment| api::reassign(sid, to.participant, to.request),
            move || {
                number.set(String::new());
                name.set(String::new());
            },
        );
        Replacement {
            name,
            number,
            reassign,
        }
    }
}

#[component]
pub(super) fn ReassignSide(
    people: Signal<Vec<ParticipantView>>,
    replacement: Replacement,
) -> impl IntoView {
    let Replacement { name, number, .. } = replacement;
    let who = RwSignal::new(String::new());
    // The business number for the new side: chosen automatically unless the operator picks one,
    // which also moves the same person to another business number.
    let proxy = RwSignal::new(String::new());
    let pool = LocalResource::new(api::numbers);
    let whatsapp = RwSignal::new(false);
    let channel = move || {
        if whatsapp.get() {
            Channel::Whatsapp
        } else {
            Channel::Sms
        }
    };
    let replaced = move || {
        let wanted = who.get();
        let people = people.get();
        people
            .iter()
            .find(|p| p.sid == wanted)
            .or_else(|| people.first())
            .cloned()
    };
    let problem = move || {
        let typed = number.get();
        (!typed.is_empty())
            .then(|| typed_number(&typed, channel()).err())
            .flatten()
    };
    let go = move || {
        let Some(old) = replaced() else { return };
        replacement.reassign.dispatch(Reassignment {
            participant: old.sid,
            request: ReassignRequest {
                side: PairingSide {
                    name: Some(name.get_untracked()).filter(|n| !n.trim().is_empty()),
                    channel: channel(),
                    number: number.get_untracked(),
                    proxy: Some(proxy.get_untracked()).filter(|p| !p.is_empty()),
                    language: None,
                },
            },
        });
    };
    let blocked = Signal::derive(move || {
        number.get().is_empty() || problem().is_some() || replacement.reassign.pending().get()
    });
    view! {
        <section class="panel" aria-labelledby="reassign-title">
            <h2 id="reassign-title">{tr(|t| t.reassign_title)}</h2>
            <div class="form">
                <label for="reassign-who">{tr(|t| t.reassign_who)}</label>
                <select id="reassign-who" on:change=move |ev| who.set(event_target_value(&ev))>
                    <PeopleOptions people chosen=who/>
                </select>
                <label for="reassign-name">{tr(|t| t.person_name)}</label>
                <input id="reassign-name" bind:value=name/>
                <label class="check">
                    <input type="checkbox" bind:checked=whatsapp/>
                    {tr(|t| t.on_whatsapp)}
                </label>
                <label for="reassign-number">{tr(|t| t.phone_number)}</label>
                <input id="reassign-number" type="tel" bind:value=number aria-invalid=move || problem().is_some().to_string() aria-describedby="reassign-problem"/>
                <p id="reassign-problem" class="field-problem">{problem}</p>
                <label for="reassign-proxy">{tr(|t| t.our_number_for_them)}</label>
                <select id="reassign-proxy" prop:value=move || proxy.get() on:change=move |ev| proxy.set(event_target_value(&ev))>
                    <option value="">{tr(|t| t.chosen_automatically_option)}</option>
                    {move || {
                        let numbers = match (pool.get(), channel()) {
                            (Some(Ok(pool)), Channel::Whatsapp) => pool.whatsapp,
                            (Some(Ok(pool)), Channel::Sms) => pool.sms,
                            _ => Vec::new(),
                        };
                        numbers.into_iter().map(|p| view! { <option value=p.clone()>{phone(&p)}</option> }).collect_view()
                    }}
                </select>
                {move || {
                    let old = replaced().map(|p| person(&p)).unwrap_or_default();
                    view! {
                        <ConfirmButton
                            label=|t| t.reassign
                            title=i18n::reassign_question(&old)
                            consequence=i18n::reassign_consequence(&old)
                            confirm_label=|t| t.reassign
                            on_confirm=go
                            disabled=blocked
                        />
                    }
                }}
            </div>
        </section>
    }
}
