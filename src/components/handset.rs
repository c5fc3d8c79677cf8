//! One simulated handset: what that person received and sent, and a box to reply as them.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::toasts::Toasts;
use crate::api::{self, ApiError, PhoneMessage};
use crate::format::local_time;
use crate::i18n::{self, t, tr};
use crate::people::{channel_name, channel_of, phone};

/// The business number this handset last heard from: where a reply goes.
pub fn reply_to(messages: &[PhoneMessage]) -> Option<String> {
    messages.last().map(|m| match m.direction.as_str() {
        "received" => m.from.clone(),
        _ => m.to.clone(),
    })
}

/// A handset writing to a business number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub from: String,
    pub to: String,
    pub body: String,
}

/// What the handsets on a page share: the count that has them read again (the server's events), the replies being written
/// (by handset), and the action that sends one. Every handset reads again once a reply is answered,
/// since the other side's phone may have received it.
#[derive(Clone, Copy)]
pub struct Handsets {
    tick: Signal<u32>,
    /// The business numbers a handset may write to, of both channels.
    numbers: Signal<Vec<String>>,
    drafts: RwSignal<BTreeMap<String, String>>,
    send: Action<Reply, Result<(), ApiError>>,
}

impl Handsets {
    pub fn new(tick: Signal<u32>, numbers: Signal<Vec<String>>) -> Handsets {
        let toasts = Toasts::get();
        let drafts = RwSignal::new(BTreeMap::new());
        let send = Action::new_local(move |reply: &Reply| {
            let reply = reply.clone();
            async move {
                let from = reply.from.clone();
                let result = api::phone_send(reply.from, reply.to, reply.body).await;
                match &result {
                    Ok(()) => drafts.update(|d| {
                        d.remove(&from);
                    }),
                    Err(e) => toasts.failed(e.message.clone()),
                }
                result
            }
        });
        Handsets {
            tick,
            numbers,
            drafts,
            send,
        }
    }
}

#[component]
pub fn Handset(
    address: String,
    /// The business number to write to before this person has heard from any.
    proxy: Option<String>,
    handsets: Handsets,
    shown: RwSignal<Vec<(String, Option<String>)>>,
) -> impl IntoView {
    let toasts = Toasts::get();
    let owner = StoredValue::new(address.clone());
    let messages = LocalResource::new(move || {
        handsets.tick.track();
        handsets.send.version().track();
        api::phone_messages(owner.get_value())
    });
    // What the handset last read: kept while it reads again, and redrawn only when it changed.
    let latest = Memo::new(
        move |last: Option<&Vec<PhoneMessage>>| match messages.get() {
            Some(Ok(found)) => found,
            _ => last.cloned().unwrap_or_default(),
        },
    );
    let draft = move || owner.with_value(|a| handsets.drafts.with(|d| d.get(a).cloned()));
    let heading = i18n::labelled(&phone(&address), channel_name(channel_of(&address)));
    let input_id = format!("reply-{}", address.replace([':', '+'], ""));
    // Where a message goes: the number chosen, else the one given, else the last one heard from.
    let chosen_to = RwSignal::new(String::new());
    let fallback = StoredValue::new(proxy);
    let to = move || {
        Some(chosen_to.get())
            .filter(|to| !to.is_empty())
            .or_else(|| fallback.get_value())
            .or_else(|| reply_to(&latest.get()))
    };
    let channel = channel_of(&address);
    let to_options = move || {
        let current = to().unwrap_or_default();
        let mut numbers: Vec<String> = handsets
            .numbers
            .get()
            .into_iter()
            .filter(|n| channel_of(n) == channel)
            .collect();
        if !current.is_empty() && !numbers.contains(&current) {
            numbers.insert(0, current.clone());
        }
        numbers
            .into_iter()
            .map(|n| {
                let selected = n == current;
                view! { <option value=n.clone() selected=selected>{phone(&n)}</option> }
            })
            .collect_view()
    };
    let to_id = format!("to-{}", address.replace([':', '+'], ""));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(to) = to().or_else(|| {
            handsets
                .numbers
                .get_untracked()
                .into_iter()
                .find(|n| channel_of(n) == channel)
        }) else {
            toasts.failed(t().phone_nobody_to_answer);
            return;
        };
        handsets.send.dispatch(Reply {
            from: owner.get_value(),
            to,
            body: draft().unwrap_or_default(),
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
                <label for=to_id.clone()>{tr(|t| t.phone_writes_to)}</label>
                <select id=to_id on:change=move |ev| chosen_to.set(event_target_value(&ev))>
                    {to_options}
                </select>
                <label for=input_id.clone() class="visually-hidden">{tr(|t| t.reply_as_them)}</label>
                <input id=input_id placeholder=tr(|t| t.reply_as_them) required
                    prop:value=move || draft().unwrap_or_default()
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        handsets.drafts.update(|d| { d.insert(owner.get_value(), typed); });
                    }/>
                <button type="submit" class="button">{tr(|t| t.send)}</button>
            </form>
        </section>
    }
}
