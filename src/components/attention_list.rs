//! What needs an operator now, in three groups: failed deliveries with the fix at hand, WhatsApp
//! windows about to close, and opt-ins waiting for the customer.

use leptos::prelude::*;
use switchboard_core::api::{Attention, AttentionFix, ClosingWindow, FailedDelivery, WaitingOptIn};

use crate::format::{local_time, relative_time};
use crate::i18n::{self, Words, t, tr};
use crate::people::{channel_name, channel_of, phone};

/// Every group of `attention`, each with a sentence when it is empty; times are told from `now_ms`.
#[component]
pub fn AttentionList(attention: Attention, now_ms: f64) -> impl IntoView {
    let failed = attention.failed_deliveries;
    let closing = attention.closing_windows;
    let waiting = attention.waiting_opt_ins;
    view! {
        <Group id="attention-failed" title=|t| t.failed_deliveries_title empty=|t| t.no_failed_deliveries count=failed.len()>
            <table class="data attention-failed">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.column_conversation)}</th>
                        <th scope="col">{tr(|t| t.column_person)}</th>
                        <th scope="col">{tr(|t| t.column_reason)}</th>
                        <th scope="col">{tr(|t| t.column_when)}</th>
                        <th scope="col">{tr(|t| t.column_fix)}</th>
                    </tr>
                </thead>
                <tbody>
                    {failed.into_iter().map(|f| view! { <Failed failed=f now_ms/> }).collect_view()}
                </tbody>
            </table>
        </Group>
        <Group id="attention-closing" title=|t| t.closing_windows_title empty=|t| t.no_closing_windows count=closing.len()>
            <table class="data attention-closing">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.column_conversation)}</th>
                        <th scope="col">{tr(|t| t.column_person)}</th>
                        <th scope="col">{tr(|t| t.column_closes)}</th>
                    </tr>
                </thead>
                <tbody>
                    {closing.into_iter().map(|w| view! { <Closing window=w now_ms/> }).collect_view()}
                </tbody>
            </table>
        </Group>
        <Group id="attention-opt-ins" title=|t| t.waiting_opt_ins_title empty=|t| t.no_waiting_opt_ins count=waiting.len()>
            <table class="data attention-opt-ins">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.column_conversation)}</th>
                        <th scope="col">{tr(|t| t.column_started)}</th>
                    </tr>
                </thead>
                <tbody>
                    {waiting.into_iter().map(|o| view! { <Waiting opt_in=o now_ms/> }).collect_view()}
                </tbody>
            </table>
        </Group>
    }
}

/// A titled group: its table when it has `count` items, else the `empty` sentence.
#[component]
fn Group(
    id: &'static str,
    title: Words,
    empty: Words,
    count: usize,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    let body = if count == 0 {
        view! { <p class="empty">{move || empty(t())}</p> }.into_any()
    } else {
        children().into_any()
    };
    view! {
        <section class="attention-group" id=id aria-labelledby=labelled_by>
            <h2 id=heading>{move || title(t())}</h2>
            {body}
        </section>
    }
}

fn conversation_link(sid: &str, name: Option<String>) -> impl IntoView + use<> {
    let name = name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| t().unnamed_conversation.to_owned());
    view! { <a href=format!("/conversations/{sid}")>{name}</a> }
}

fn someone(address: &str) -> String {
    i18n::labelled(&phone(address), channel_name(channel_of(address)))
}

fn when(utc: &str, now_ms: f64) -> impl IntoView + use<> {
    view! { <time datetime=utc.to_owned() title=local_time(utc)>{relative_time(utc, now_ms)}</time> }
}

#[component]
fn Failed(failed: FailedDelivery, now_ms: f64) -> impl IntoView {
    let reason = failed
        .error_code
        .map(i18n::delivery_failure)
        .unwrap_or_else(|| t().delivery_failed.to_owned());
    let sid = failed.conversation_sid.clone();
    let fix = match failed.fix {
        AttentionFix::SendTemplate => view! {
            <a class="button" href=format!("/conversations/{sid}?send=template")>{tr(|t| t.fix_send_template)}</a>
            <p class="hint">{tr(|t| t.fix_template_hint)}</p>
        }
        .into_any(),
        AttentionFix::CheckNumber => view! {
            <a class="button-quiet" href=format!("/conversations/{sid}")>{tr(|t| t.fix_check_number)}</a>
            <p class="hint">{tr(|t| t.fix_number_hint)}</p>
        }
        .into_any(),
    };
    view! {
        <tr data-sid=failed.conversation_sid.clone() data-index=failed.message_index>
            <td>{conversation_link(&failed.conversation_sid, failed.conversation_name.clone())}</td>
            <td>{failed.address.as_deref().map(someone)}</td>
            <td class="reason">{reason}</td>
            <td>{when(&failed.failed_at, now_ms)}</td>
            <td class="fix">{fix}</td>
        </tr>
    }
}

#[component]
fn Closing(window: ClosingWindow, now_ms: f64) -> impl IntoView {
    view! {
        <tr data-sid=window.conversation_sid.clone()>
            <td>{conversation_link(&window.conversation_sid, window.conversation_name.clone())}</td>
            <td>{someone(&window.address)}</td>
            <td>{when(&window.closes_at, now_ms)}</td>
        </tr>
    }
}

#[component]
fn Waiting(opt_in: WaitingOptIn, now_ms: f64) -> impl IntoView {
    view! {
        <tr data-sid=opt_in.conversation_sid.clone()>
            <td>{conversation_link(&opt_in.conversation_sid, opt_in.conversation_name.clone())}</td>
            <td>{when(&opt_in.started_at, now_ms)}</td>
        </tr>
    }
}
