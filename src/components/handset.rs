//! One simulated handset: what that person received and sent, and a box to reply as them.

use leptos::prelude::*;

use super::toasts::Toasts;
use crate::api::{self, PhoneMessage};
use crate::format::local_time;
use crate::i18n::{self, t};
use crate::people::{channel_name, channel_of, phone};

/// The business number this handset last heard from: where a reply goes.
pub fn reply_to(messages: &[PhoneMessage]) -> Option<String> {
    messages.last().map(|m| match m.direction.as_str() {
        "received" => m.from.clone(),
        _ => m.to.clone(),
    })
}

#[component]
pub fn Handset(
    address: String,
    /// The business number to write to before this person has heard from any.
    proxy: Option<String>,
    tick: RwSignal<u32>,
    shown: RwSignal<Vec<(String, Option<String>)>>,
) -> impl IntoView {
    let toasts = Toasts::get();
    let owner = StoredValue::new(address.clone());
    let messages = LocalResource::new(move || {
        tick.track();
        api::phone_messages(owner.get_value())
    });
    let latest = RwSignal::new(Vec::<PhoneMessage>::new());
    Effect::new(move |_| {
        if let Some(Ok(found)) = messages.get()
            && found != latest.get_untracked()
        {
            latest.set(found);
        }
    });
    let draft = RwSignal::new(String::new());
    let heading = i18n::labelled(&phone(&address), channel_name(channel_of(&address)));
    let input_id = format!("reply-{}", address.replace([':', '+'], ""));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(to) = proxy.clone().or_else(|| reply_to(&latest.get_untracked())) else {
            toasts.failed(t().phone_nobody_to_answer);
            return;
        };
        let body = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::phone_send(owner.get_value(), to, body).await;
            if result.is_ok() {
                draft.set(String::new());
                tick.update(|n| *n = n.wrapping_add(1));
            } else {
                toasts.outcome(&result, "");
            }
        });
    };
    view! {
        <section class="handset" aria-label=heading.clone() data-address=address.clone()>
            <header class="handset-head">
                <h2>{heading.clone()}</h2>
                <button type="button" class="button-quiet" aria-label=i18n::close_phone(&heading)
                    on:click=move |_| shown.update(|s| s.retain(|(a, _)| a != &owner.get_value()))>"×"</button>
            </header>
            <ol class="handset-screen" aria-live="polite">
                {move || latest.get().into_iter().map(|m| {
                    let class = if m.direction == "sent" { "bubble bubble-out" } else { "bubble bubble-in" };
                    let when = m.date_created.clone().unwrap_or_default();
                    view! {
                        <li class=class>
                            <span>{m.body.clone().unwrap_or_default()}</span>
                            <time datetime=when.clone()>{local_time(&when)}</time>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <form class="handset-reply" on:submit=send>
                <label for=input_id.clone() class="visually-hidden">{t().reply_as_them}</label>
                <input id=input_id placeholder=t().reply_as_them bind:value=draft required/>
                <button type="submit" class="button">{t().send}</button>
            </form>
        </section>
    }
}
