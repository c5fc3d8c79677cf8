//! The conversation's name, state and route, and what can be done to it as a whole: read it again,
//! play it on the simulated phones, close it, delete it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use switchboard_core::api::{ConversationDetail, ConversationState, Ending, ParticipantView, Role};

use super::change;
use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmButton;
use crate::components::conversations_table::state_label;
use crate::components::on_sandbox::OnSandbox;
use crate::components::pairing_end::{EndChoice, EndSelect, end_words, ending_words};
use crate::components::route_diagram::{RouteDiagram, RouteEnd, route_nodes};
use crate::i18n::{self, t, tr};
use crate::links::phones_link;
use crate::people::{conversation_name, person};
use crate::session::Session;

/// Closing the conversation.
pub(super) type Close = Action<(), Result<(), ApiError>>;

pub(super) fn close(sid: Signal<String>) -> Close {
    change(
        sid,
        |t| t.conversation_closed,
        |sid, ()| api::close_conversation(sid),
        || (),
    )
}

/// Moving the close later by some minutes.
pub(super) type Extend = Action<u32, Result<Ending, ApiError>>;

pub(super) fn extend(sid: Signal<String>) -> Extend {
    change(sid, |t| t.extended, api::extend_conversation, || ())
}

/// Deleting the conversation, then going back to the list.
pub(super) type Delete = Action<(), Result<(), ApiError>>;

pub(super) fn delete(sid: Signal<String>) -> Delete {
    let navigate = use_navigate();
    change(
        sid,
        |t| t.conversation_deleted,
        |sid, ()| api::delete_conversation(sid),
        move || navigate("/conversations", Default::default()),
    )
}

/// Whether the conversation is being deleted or is gone: the page no longer reads it.
pub(super) fn going(delete: Delete) -> bool {
    delete.pending().get_untracked()
        || delete
            .value()
            .with_untracked(|done| matches!(done, Some(Ok(()))))
}

#[component]
pub(super) fn Header(
    detail: Signal<Option<ConversationDetail>>,
    people: Signal<Vec<ParticipantView>>,
    close: Close,
    extend: Extend,
    delete: Delete,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let session = Session::get();
    let row = move || detail.get().map(|d| d.conversation);
    let name = move || row().map(|r| conversation_name(&r)).unwrap_or_default();
    let nodes = Signal::derive(move || match people.get().as_slice() {
        [left, right, ..] => route_nodes(&RouteEnd::of(left), &RouteEnd::of(right)),
        _ => Vec::new(),
    });
    let closed = move || row().is_some_and(|r| r.state == ConversationState::Closed);
    let names = move || people.get().iter().map(person).collect::<Vec<_>>();
    let phones = move || {
        let pairs: Vec<(String, String)> = people
            .get()
            .into_iter()
            .filter_map(|p| Some((p.address?, p.proxy_address?)))
            .collect();
        phones_link(&pairs)
    };
    let message_count = move || detail.with(|d| d.as_ref().map_or(0, |d| d.messages.len()));
    let sid = move || row().map(|r| r.sid).unwrap_or_default();
    view! {
        <div class="page-head">
            <h1 id="page-title">{name}</h1>
            {move || row().map(|r| {
                let (label, class) = state_label(r.state);
                view! { <span class=format!("state {class}")>{label}</span> }
            })}
        </div>
        <RouteDiagram nodes/>
        <EndingLine detail extend/>
        <div class="actions">
            <button type="button" class="button-quiet" on:click=move |_| refresh()>{tr(|t| t.refresh)}</button>
            <OnSandbox>
                <A href=phones attr:class="button-quiet">{tr(|t| t.play_on_phones)}</A>
            </OnSandbox>
            <a class="button-quiet" href=move || api::transcript_url(&sid(), "csv") download="">{tr(|t| t.export_csv)}</a>
            <a class="button-quiet" href=move || api::transcript_url(&sid(), "json") download="">{tr(|t| t.export_json)}</a>
            <ConfirmButton
                label=|t| t.close_conversation
                title=i18n::close_question(&name())
                consequence=i18n::close_consequence(&names())
                confirm_label=|t| t.close_conversation
                on_confirm=move || {
                    close.dispatch(());
                }
                disabled=Signal::derive(move || closed() || close.pending().get())
            />
            <Show when=move || session.allows(Role::Admin)>
                <ConfirmButton
                    label=|t| t.delete_conversation
                    title=i18n::delete_question(&name())
                    consequence=i18n::delete_consequence(message_count())
                    confirm_label=|t| t.delete_for_good
                    on_confirm=move || {
                        delete.dispatch(());
                    }
                    disabled=delete.pending().into()
                />
            </Show>
        </div>
    }
}

/// When the conversation closes by itself, by what silence, and *Extend* for operators.
#[component]
fn EndingLine(detail: Signal<Option<ConversationDetail>>, extend: Extend) -> impl IntoView {
    let session = Session::get();
    let ending = move || detail.get().and_then(|d| d.conversation.ending);
    let words = move || {
        let d = detail.get()?;
        if d.conversation.state == ConversationState::Closed {
            return None;
        }
        let when = d.conversation.ending.as_ref().and_then(ending_words);
        let silence = d
            .end
            .filter(|e| e.close_after_minutes.is_some())
            .map(|e| end_words(&e));
        Some(match (when, silence) {
            (Some(when), Some(silence)) => i18n::labelled(&when, &silence),
            (Some(when), None) => when,
            (None, _) => t().no_end.to_owned(),
        })
    };
    let by = RwSignal::new(EndChoice::After(60));
    let can_extend =
        move || session.allows(Role::Operator) && ending().is_some_and(|e| e.closes_at.is_some());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(minutes) = by.get_untracked().minutes() {
            extend.dispatch(minutes);
        }
    };
    view! {
        <p class="ending" data-testid="ending">{words}</p>
        <Show when=can_extend>
            <form class="form-inline extend" on:submit=submit>
                <label for="extend-by">{tr(|t| t.extend_by)}</label>
                <EndSelect id="extend-by" chosen=by/>
                <button type="submit" class="button-quiet" disabled=move || extend.pending().get() || by.get().minutes().is_none()>
                    {tr(|t| t.extend)}
                </button>
            </form>
        </Show>
    }
}
