//! The two-sided WhatsApp opt-in: the invitation to the customer, written as the rider, and once the
//! customer answers, the second template to the rider. One button; the server relays the rest.

use std::collections::BTreeMap;

use leptos::prelude::*;
use switchboard_core::api::{
    ConversationDetail, OptInRequest, OptInState, OptInStatus, ParticipantView, TemplateValues,
};

use super::{PeopleOptions, Templates, WithTemplates, change};
use crate::api::{self, ApiError};
use crate::components::template_fields::{TemplateFields, filled};
use crate::format::local_time;
use crate::i18n::{self, t, tr};

pub fn opt_in_words(state: OptInState) -> &'static str {
    match state {
        OptInState::Starting => t().opt_in_starting,
        OptInState::Waiting => t().opt_in_waiting,
        OptInState::Connecting => t().opt_in_connecting,
        OptInState::Connected => t().opt_in_connected,
        OptInState::Failed => t().opt_in_failed,
    }
}

/// Starting the opt-in.
pub(super) type Start = Action<OptInRequest, Result<OptInStatus, ApiError>>;

pub(super) fn start(sid: Signal<String>) -> Start {
    change(sid, |t| t.opt_in_started, api::start_opt_in, || ())
}

#[component]
pub(super) fn OptInPanel(
    detail: Signal<Option<ConversationDetail>>,
    people: Signal<Vec<ParticipantView>>,
    start: Start,
    templates: Templates,
) -> impl IntoView {
    let status = move || detail.with(|d| d.as_ref().and_then(|d| d.opt_in.clone()));
    let customer = RwSignal::new(String::new());
    let invite = RwSignal::new(String::new());
    let invite_values = RwSignal::new(BTreeMap::new());
    let connect = RwSignal::new(String::new());
    let connect_values = RwSignal::new(BTreeMap::new());
    // The invitation goes to the customer, the connection to the other person: each in their
    // language first, when it is known.
    let language_of = move |customer_side: bool| {
        Signal::derive(move || {
            let chosen = customer.get();
            people.with(|people| {
                let customer_sid = if chosen.is_empty() {
                    people.first().map(|p| p.sid.clone()).unwrap_or_default()
                } else {
                    chosen
                };
                people
                    .iter()
                    .find(|p| (p.sid == customer_sid) == customer_side)
                    .and_then(|p| p.language.clone())
            })
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let everyone = people.get_untracked();
        let customer_sid = if customer.get_untracked().is_empty() {
            everyone.first().map(|p| p.sid.clone()).unwrap_or_default()
        } else {
            customer.get_untracked()
        };
        let rider_sid = everyone
            .iter()
            .find(|p| p.sid != customer_sid)
            .map(|p| p.sid.clone())
            .unwrap_or_default();
        start.dispatch(OptInRequest {
            customer_participant_sid: customer_sid,
            rider_participant_sid: rider_sid,
            customer_template: TemplateValues {
                content_sid: invite.get_untracked(),
                values: filled(&invite_values.get_untracked()),
            },
            rider_template: TemplateValues {
                content_sid: connect.get_untracked(),
                values: filled(&connect_values.get_untracked()),
            },
        });
    };
    view! {
        <section class="panel" aria-labelledby="opt-in-title">
            <h2 id="opt-in-title">{tr(|t| t.opt_in_title)}</h2>
            {move || match status() {
                Some(s) => view! {
                    <p class=format!("opt-in opt-in-{:?}", s.state).to_ascii_lowercase() role="status">
                        <strong>{opt_in_words(s.state)}</strong>
                        " · "{i18n::opt_in_started_by(&s.started_by, &local_time(&s.started_at))}
                    </p>
                    {s.error.map(|e| view! { <p class="notice notice-error">{e}</p> })}
                }.into_any(),
                None => view! { <p class="hint">{tr(|t| t.opt_in_explained)}</p> }.into_any(),
            }}
            <details>
                <summary>{tr(|t| t.opt_in_start)}</summary>
                <form class="form" on:submit=submit>
                    <label for="opt-in-customer">{tr(|t| t.opt_in_customer)}</label>
                    <select id="opt-in-customer" on:change=move |ev| customer.set(event_target_value(&ev))>
                        <PeopleOptions people chosen=customer/>
                    </select>
                    <WithTemplates templates then=move |list| view! {
                        <TemplateFields templates=Clone::clone(&list) chosen=invite values=invite_values prefix="invite" label=|t| t.opt_in_invitation first_in=language_of(true)/>
                        <TemplateFields templates=list chosen=connect values=connect_values prefix="connect" label=|t| t.opt_in_connection first_in=language_of(false)/>
                    }/>
                    <button type="submit" class="button" disabled=move || start.pending().get()>{tr(|t| t.opt_in_start)}</button>
                </form>
            </details>
        </section>
    }
}
