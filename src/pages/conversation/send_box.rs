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
use crate::i18n::t;

/// The text being written and the action that sends a message; the text empties once it is sent.
#[derive(Clone, Copy)]
pub(super) struct Outbox {
    text: RwSignal<String>,
    pub(super) send: Action<SendMessage, Result<MessageView, ApiError>>,
}

impl Outbox {
    pub(super) fn new(sid: Signal<String>) -> Outbox {
        let text = RwSignal::new(String::new());
        let send = change(sid, t().message_sent, api::send_message, move || {
            text.set(String::new())
        });
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
            <h2 id="send-title">{t().send_title}</h2>
            <label for="send-author">{t().send_as}</label>
            <select id="send-author" on:change=move |ev| author.set(event_target_value(&ev))>
                <option value="">{t().the_business}</option>
                <PeopleOptions people chosen=author/>
            </select>
            <fieldset class="choice">
                <legend>{t().send_kind}</legend>
                <label>
                    <input type="radio" name="send-kind" prop:checked=move || !use_template.get() on:change=move |_| use_template.set(false)/>
                    {t().free_form}
                </label>
                <label>
                    <input type="radio" name="send-kind" prop:checked=move || use_template.get() on:change=move |_| use_template.set(true)/>
                    {t().template}
                </label>
            </fieldset>
            <Show when=move || !use_template.get() fallback=move || view! {
                <WithTemplates templates then=move |list| view! { <TemplateFields templates=list chosen values prefix="send"/> }/>
            }>
                <label for="send-body">{t().message_text}</label>
                <textarea id="send-body" rows="3" bind:value=body></textarea>
                <p class="hint">{t().window_hint}</p>
            </Show>
            <button type="submit" class="button" disabled=move || outbox.send.pending().get()>{t().send}</button>
        </form>
    }
}
