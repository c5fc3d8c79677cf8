//! Writing to the conversation: free-form text or a template, as the business or as one of the people.
//! A link with `?send=template` (Needs attention's fix for a closed WhatsApp window) opens it on the
//! template and brings it into view.

use std::collections::BTreeMap;

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use switchboard_core::api::{
    MessageContent, MessageView, ParticipantView, SendMessage, TemplateValues,
};

use super::{PeopleOptions, Templates, WithTemplates, change};
use crate::api::{self, ApiError};
use crate::components::template_fields::{TemplateFields, filled};
use crate::i18n::{self, tr};
use crate::people::side;

/// The text being written and the action that sends a message; the text empties once it is sent.
#[derive(Clone, Copy)]
pub(super) struct Outbox {
    text: RwSignal<String>,
    pub(super) send: Action<SendMessage, Result<MessageView, ApiError>>,
}

impl Outbox {
    pub(super) fn new(sid: Signal<String>) -> Outbox {
        let text = RwSignal::new(String::new());
        let send = change(
            sid,
            |t| t.message_sent,
            api::send_message,
            move || text.set(String::new()),
        );
        Outbox { text, send }
    }
}

#[component]
pub(super) fn SendBox(
    people: Signal<Vec<ParticipantView>>,
    outbox: Outbox,
    templates: Templates,
) -> impl IntoView {
    let asked_template =
        use_query_map().with_untracked(|q| q.get("send").as_deref() == Some("template"));
    let use_template = RwSignal::new(asked_template);
    let form = NodeRef::<html::Form>::new();
    if asked_template {
        Effect::new(move |_| {
            if let Some(form) = form.get() {
                form.scroll_into_view();
            }
        });
    }
    let author = RwSignal::new(String::new());
    let body = outbox.text;
    let chosen = RwSignal::new(String::new());
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    // Templates in the language of who will receive it come first, when it is known.
    let recipients_language = Signal::derive(move || {
        let author = author.get();
        people.with(|people| {
            people
                .iter()
                .filter(|p| p.sid != author)
                .find_map(|p| p.language.clone())
        })
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let message = SendMessage {
            author_participant_sid: Some(author.get_untracked()).filter(|a| !a.is_empty()),
            content: if use_template.get_untracked() {
                MessageContent::Template {
                    template: TemplateValues {
                        content_sid: chosen.get_untracked(),
                        values: filled(&values.get_untracked()),
                    },
                }
            } else {
                MessageContent::Text {
                    body: body.get_untracked(),
                }
            },
        };
        outbox.send.dispatch(message);
    };
    view! {
        <form node_ref=form class="form send-box" on:submit=send aria-labelledby="send-title">
            <h2 id="send-title">{tr(|t| t.send_title)}</h2>
            <label for="send-author">{tr(|t| t.send_as)}</label>
            <select id="send-author" on:change=move |ev| author.set(event_target_value(&ev))>
                <option value="">{tr(|t| t.the_business)}</option>
                <PeopleOptions people chosen=author/>
            </select>
            <fieldset class="choice">
                <legend>{tr(|t| t.send_kind)}</legend>
                <label>
                    <input type="radio" name="send-kind" prop:checked=move || !use_template.get() on:change=move |_| use_template.set(false)/>
                    {tr(|t| t.free_form)}
                </label>
                <label>
                    <input type="radio" name="send-kind" prop:checked=move || use_template.get() on:change=move |_| use_template.set(true)/>
                    {tr(|t| t.template)}
                </label>
            </fieldset>
            <Show when=move || !use_template.get() fallback=move || view! {
                <WithTemplates templates then=move |list| view! { <TemplateFields templates=list chosen values prefix="send" first_in=recipients_language/> }/>
            }>
                <label for="send-body">{tr(|t| t.message_text)}</label>
                <textarea id="send-body" rows="3" bind:value=body></textarea>
                <Recipients people author use_template/>
            </Show>
            <button type="submit" class="button" disabled=move || outbox.send.pending().get()>{tr(|t| t.send)}</button>
        </form>
    }
}

/// Per recipient of free-form text sent as `author`: whether it will be delivered, and the template
/// path when WhatsApp will not deliver it.
#[component]
fn Recipients(
    people: Signal<Vec<ParticipantView>>,
    author: RwSignal<String>,
    use_template: RwSignal<bool>,
) -> impl IntoView {
    let recipients = move || {
        let author = author.get();
        people
            .get()
            .into_iter()
            .filter(|p| p.sid != author && p.channel.is_some())
            .map(|p| {
                let blocked = p.window.as_ref().is_some_and(|w| !w.is_open());
                let words = i18n::recipient_outlook(&side(&p), p.window.as_ref());
                view! {
                    <li class:blocked=blocked>
                        {words}
                        <Show when=move || blocked>
                            " "
                            <button type="button" class="button-quiet" on:click=move |_| use_template.set(true)>
                                {tr(|t| t.use_template)}
                            </button>
                        </Show>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ul class="recipients" aria-label=tr(|t| t.recipients_label)>{recipients}</ul>
    }
}
