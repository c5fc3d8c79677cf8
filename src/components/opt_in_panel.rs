//! The two-sided WhatsApp opt-in: the invitation to the customer, written as the rider, and once the
//! customer answers, the second template to the rider. One button; the server relays the rest.

use std::collections::BTreeMap;

use leptos::prelude::*;
use switchboard_core::api::{ConversationDetail, OptInRequest, OptInState, TemplateValues};

use super::template_fields::{TemplateFields, filled};
use super::toasts::Toasts;
use crate::api;
use crate::format::local_time;
use crate::i18n::{self, t};
use crate::pages::conversation::Reload;
use crate::people::side;

pub fn opt_in_words(state: OptInState) -> &'static str {
    match state {
        OptInState::Starting => t().opt_in_starting,
        OptInState::Waiting => t().opt_in_waiting,
        OptInState::Connecting => t().opt_in_connecting,
        OptInState::Connected => t().opt_in_connected,
        OptInState::Failed => t().opt_in_failed,
    }
}

#[component]
pub fn OptInPanel(
    detail: RwSignal<Option<ConversationDetail>>,
    sid: Memo<String>,
) -> impl IntoView {
    let toasts = Toasts::get();
    let reload = Reload::get();
    let templates = LocalResource::new(api::templates);
    let people = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| d.conversation.participants.clone())
                .unwrap_or_default()
        })
    };
    let status = move || detail.with(|d| d.as_ref().and_then(|d| d.opt_in.clone()));
    let customer = RwSignal::new(String::new());
    let invite = RwSignal::new(String::new());
    let invite_values = RwSignal::new(BTreeMap::new());
    let connect = RwSignal::new(String::new());
    let connect_values = RwSignal::new(BTreeMap::new());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let everyone = people();
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
        let request = OptInRequest {
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
        };
        leptos::task::spawn_local(async move {
            let result = api::start_opt_in(sid.get_untracked(), request).await;
            toasts.outcome(&result, t().opt_in_started);
            reload.now();
        });
    };
    view! {
        <section class="panel" aria-labelledby="opt-in-title">
            <h2 id="opt-in-title">{t().opt_in_title}</h2>
            {move || match status() {
                Some(s) => view! {
                    <p class=format!("opt-in opt-in-{:?}", s.state).to_ascii_lowercase() role="status">
                        <strong>{opt_in_words(s.state)}</strong>
                        " · "{i18n::opt_in_started_by(&s.started_by, &local_time(&s.started_at))}
                    </p>
                    {s.error.map(|e| view! { <p class="notice notice-error">{e}</p> })}
                }.into_any(),
                None => view! { <p class="hint">{t().opt_in_explained}</p> }.into_any(),
            }}
            <details>
                <summary>{t().opt_in_start}</summary>
                <form class="form" on:submit=start>
                    <label for="opt-in-customer">{t().opt_in_customer}</label>
                    <select id="opt-in-customer" on:change=move |ev| customer.set(event_target_value(&ev))>
                        {move || people().into_iter().map(|p| view! { <option value=p.sid.clone()>{side(&p)}</option> }).collect_view()}
                    </select>
                    <Transition fallback=|| view! { <p class="loading">{t().loading}</p> }>
                        {move || Suspend::new(async move {
                            match templates.await {
                                Ok(list) => view! {
                                    <TemplateFields templates=list.clone() chosen=invite values=invite_values prefix="invite" label=t().opt_in_invitation/>
                                    <TemplateFields templates=list chosen=connect values=connect_values prefix="connect" label=t().opt_in_connection/>
                                }.into_any(),
                                Err(e) => view! { <p class="notice notice-error" role="alert">{e.message}</p> }.into_any(),
                            }
                        })}
                    </Transition>
                    <button type="submit" class="button">{t().opt_in_start}</button>
                </form>
            </details>
        </section>
    }
}
