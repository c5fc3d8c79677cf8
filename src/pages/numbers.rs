//! The number pool: each business number with its channel, country, open pairings and how many of
//! the people with a pairing on its channel it is taken for; and, for a number typed in, which
//! business numbers are still free for that person.

use leptos::prelude::*;
use leptos_router::components::A;
use switchboard_core::Channel;
use switchboard_core::api::{FreeNumbers, NumberFreedom, NumberUsage, PoolUsage};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::format::{count, region_name};
use crate::i18n::{self, tr};
use crate::people::{channel_name, phone};

#[component]
pub fn NumbersPage() -> impl IntoView {
    let usage = LocalResource::new(api::pool_usage);
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.numbers_title)}</h1>
            <p class="hint">{tr(|t| t.numbers_intro)}</p>
            <Transition fallback=|| view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move { usage.await.map(|usage| view! { <Usage usage/> }) })}
                </ErrorBoundary>
            </Transition>
            <FreeFor/>
        </section>
    }
}

#[component]
fn Usage(usage: PoolUsage) -> impl IntoView {
    let summaries = [
        (Channel::Whatsapp, &usage.whatsapp),
        (Channel::Sms, &usage.sms),
    ]
    .map(|(channel, per)| view! { <li>{i18n::channel_summary(channel_name(channel), per)}</li> });
    let people_on = |channel: Channel| match channel {
        Channel::Sms => usage.sms.people,
        Channel::Whatsapp => usage.whatsapp.people,
    };
    let rows = usage
        .numbers
        .iter()
        .map(|n| view! { <NumberRow number=n.clone() total=people_on(n.channel)/> })
        .collect_view();
    view! {
        {(!usage.complete).then(|| view! { <p class="notice" role="status">{tr(|t| t.numbers_incomplete)}</p> })}
        <ul class="pool-summary">{summaries.into_iter().collect_view()}</ul>
        <table class="data numbers">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.column_number)}</th>
                    <th scope="col">{tr(|t| t.column_channel)}</th>
                    <th scope="col">{tr(|t| t.column_country)}</th>
                    <th scope="col">{tr(|t| t.column_open_pairings)}</th>
                    <th scope="col">{tr(|t| t.column_taken_for)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn NumberRow(number: NumberUsage, total: u64) -> impl IntoView {
    let country = number
        .region
        .as_deref()
        .map(region_name)
        .unwrap_or_else(|| format!("+{}", number.calling_code));
    let taken = i18n::taken_for(number.people, total);
    view! {
        <tr data-number=number.address.clone()>
            <td><bdi>{phone(&number.address)}</bdi></td>
            <td>{channel_name(number.channel)}</td>
            <td>{country}</td>
            <td>{count(number.open_pairings)}</td>
            <td>
                <meter min="0" max=total.max(1).to_string() value=number.people.to_string() aria-label=taken.clone()></meter>
                " "
                {taken}
            </td>
        </tr>
    }
}

/// A phone number typed in, and each business number free or held for that person.
#[component]
fn FreeFor() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let check = Action::new_local(|number: &String| api::free_numbers(number.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check.dispatch(typed.get_untracked());
    };
    view! {
        <section class="panel" aria-labelledby="free-title">
            <h2 id="free-title">{tr(|t| t.free_title)}</h2>
            <form class="form form-inline" on:submit=submit>
                <label for="free-number">{tr(|t| t.free_label)}</label>
                <input id="free-number" type="tel" bind:value=typed placeholder="+34 600 000 001" required/>
                <button type="submit" class="button" disabled=move || check.pending().get()>{tr(|t| t.free_check)}</button>
            </form>
            {move || check.value().get().map(|answer| match answer {
                Ok(free) => view! { <FreeList free/> }.into_any(),
                Err(e) => view! { <p class="notice notice-error" role="alert">{e.message}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn FreeList(free: FreeNumbers) -> impl IntoView {
    let line = |channel: Channel, n: NumberFreedom| {
        let label = i18n::number_on(&phone(&n.proxy), channel_name(channel));
        match n.held_in {
            None => view! { <li class="free"><bdi>{label}</bdi>": "{tr(|t| t.number_free)}</li> }
                .into_any(),
            Some(held) => {
                let name = held
                    .friendly_name
                    .clone()
                    .unwrap_or_else(|| held.conversation_sid.clone());
                view! {
                    <li class="held">
                        <bdi>{label}</bdi>": "
                        <A href=format!("/conversations/{}", held.conversation_sid)>{i18n::held_in(&name)}</A>
                    </li>
                }
                .into_any()
            }
        }
    };
    let whatsapp = free
        .whatsapp
        .into_iter()
        .map(|n| line(Channel::Whatsapp, n));
    let sms = free.sms.into_iter().map(|n| line(Channel::Sms, n));
    view! {
        <ul class="free-numbers" aria-label=phone(&free.number)>{whatsapp.chain(sms).collect_view()}</ul>
    }
}
