//! Writing to the conversation: free-form text or a template, as the business or as one of the people.

use std::collections::BTreeMap;

use leptos::prelude::*;
use switchboard_core::api::{ConversationDetail, MessageContent, SendMessage, TemplateValues};

use super::template_fields::{TemplateFields, filled};
use super::toasts::Toasts;
use crate::api;
use crate::i18n::t;
use crate::pages::conversation::Reload;
use crate::people::side;

#[component]
pub fn SendBox(detail: RwSignal<Option<ConversationDetail>>, sid: Memo<String>) -> impl IntoView {
    let toasts = Toasts::get();
    let reload = Reload::get();
    let templates = LocalResource::new(api::templates);
    let use_template = RwSignal::new(false);
    let author = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    let busy = RwSignal::new(false);
    let people = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| d.conversation.participants.clone())
                .unwrap_or_default()
        })
    };
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
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::send_message(sid.get_untracked(), message).await;
            busy.set(false);
            toasts.outcome(&result, t().message_sent);
            if result.is_ok() {
                body.set(String::new());
                reload.now();
            }
        });
    };
    view! {
        <form class="form send-box" on:submit=send aria-labelledby="send-title">
            <h2 id="send-title">{t().send_title}</h2>
            <label for="send-author">{t().send_as}</label>
            <select id="send-author" on:change=move |ev| author.set(event_target_value(&ev))>
                <option value="">{t().the_business}</option>
                {move || people().into_iter().map(|p| view! { <option value=p.sid.clone()>{side(&p)}</option> }).collect_view()}
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
                <Transition fallback=|| view! { <p class="loading">{t().loading}</p> }>
                    {move || Suspend::new(async move {
                        match templates.await {
                            Ok(list) => view! { <TemplateFields templates=list chosen values prefix="send"/> }.into_any(),
                            Err(e) => view! { <p class="notice notice-error" role="alert">{e.message}</p> }.into_any(),
                        }
                    })}
                </Transition>
            }>
                <label for="send-body">{t().message_text}</label>
                <textarea id="send-body" rows="3" bind:value=body></textarea>
                <p class="hint">{t().window_hint}</p>
            </Show>
            <button type="submit" class="button" disabled=move || busy.get()>{t().send}</button>
        </form>
    }
}
