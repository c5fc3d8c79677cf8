//! Handing one side of a conversation to someone else, keeping the history.

use leptos::prelude::*;
use switchboard_core::Channel;
use switchboard_core::api::{ConversationDetail, PairingSide, ReassignRequest};

use super::confirm::ConfirmButton;
use super::toasts::Toasts;
use crate::api;
use crate::i18n::{self, t};
use crate::pages::conversation::Reload;
use crate::people::{person, side, typed_number};

#[component]
pub fn ReassignSide(
    detail: RwSignal<Option<ConversationDetail>>,
    sid: Memo<String>,
) -> impl IntoView {
    let toasts = Toasts::get();
    let reload = Reload::get();
    let people = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| d.conversation.participants.clone())
                .unwrap_or_default()
        })
    };
    let who = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let whatsapp = RwSignal::new(false);
    let number = RwSignal::new(String::new());
    let channel = move || {
        if whatsapp.get() {
            Channel::Whatsapp
        } else {
            Channel::Sms
        }
    };
    let replaced = move || {
        let wanted = who.get();
        people()
            .into_iter()
            .find(|p| p.sid == wanted)
            .or_else(|| people().into_iter().next())
    };
    let problem = move || {
        let typed = number.get();
        (!typed.is_empty())
            .then(|| typed_number(&typed, channel()).err())
            .flatten()
    };
    let go = move || {
        let Some(old) = replaced() else { return };
        let request = ReassignRequest {
            side: PairingSide {
                name: Some(name.get_untracked()).filter(|n| !n.trim().is_empty()),
                channel: channel(),
                number: number.get_untracked(),
                proxy: None,
            },
        };
        leptos::task::spawn_local(async move {
            let result = api::reassign(sid.get_untracked(), old.sid, request).await;
            toasts.outcome(&result, t().reassigned);
            if result.is_ok() {
                number.set(String::new());
                name.set(String::new());
                reload.now();
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="reassign-title">
            <h2 id="reassign-title">{t().reassign_title}</h2>
            <div class="form">
                <label for="reassign-who">{t().reassign_who}</label>
                <select id="reassign-who" on:change=move |ev| who.set(event_target_value(&ev))>
                    {move || people().into_iter().map(|p| view! { <option value=p.sid.clone()>{side(&p)}</option> }).collect_view()}
                </select>
                <label for="reassign-name">{t().person_name}</label>
                <input id="reassign-name" bind:value=name/>
                <label class="check">
                    <input type="checkbox" bind:checked=whatsapp/>
                    {t().on_whatsapp}
                </label>
                <label for="reassign-number">{t().phone_number}</label>
                <input id="reassign-number" type="tel" bind:value=number aria-invalid=move || problem().is_some().to_string() aria-describedby="reassign-problem"/>
                <p id="reassign-problem" class="field-problem">{problem}</p>
                {move || {
                    let old = replaced().map(|p| person(&p)).unwrap_or_default();
                    view! {
                        <ConfirmButton
                            label=t().reassign
                            title=i18n::reassign_question(&old)
                            consequence=i18n::reassign_consequence(&old)
                            confirm_label=t().reassign
                            on_confirm=go
                            disabled=Signal::derive(move || number.get().is_empty() || problem().is_some())
                        />
                    }
                }}
            </div>
        </section>
    }
}
