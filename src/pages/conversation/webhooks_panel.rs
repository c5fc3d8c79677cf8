//! Conversation-scoped webhooks: the ones registered, and a form for a new one, limit explained first.

use leptos::prelude::*;
use switchboard_core::api::{
    ConversationDetail, MAX_WEBHOOKS, WEBHOOK_FILTERS, WebhookRequest, WebhookView,
};

use super::change;
use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmButton;
use crate::i18n::{self, t, tr};

/// How many more webhooks fit, as the sentence shown above the form.
pub fn room_left(registered: usize) -> String {
    let left = MAX_WEBHOOKS.saturating_sub(registered);
    if left == 0 {
        i18n::webhooks_full(MAX_WEBHOOKS)
    } else {
        i18n::webhooks_room(MAX_WEBHOOKS, left)
    }
}

/// The URL being typed for a new webhook, and the actions that add and remove webhooks; the URL
/// empties once its webhook is registered.
#[derive(Clone, Copy)]
pub(super) struct WebhookChanges {
    url: RwSignal<String>,
    pub(super) add: Action<WebhookRequest, Result<WebhookView, ApiError>>,
    /// Takes the webhook's SID and what it becomes.
    pub(super) edit: Action<(String, WebhookRequest), Result<WebhookView, ApiError>>,
    /// Takes the webhook's SID.
    pub(super) remove: Action<String, Result<(), ApiError>>,
}

impl WebhookChanges {
    pub(super) fn new(sid: Signal<String>) -> WebhookChanges {
        let url = RwSignal::new(String::new());
        let add = change(
            sid,
            |t| t.webhook_added,
            api::create_webhook,
            move || url.set(String::new()),
        );
        let edit = change(sid, |t| t.webhook_updated, api::update_webhook, || ());
        let remove = change(sid, |t| t.webhook_deleted, api::delete_webhook, || ());
        WebhookChanges {
            url,
            add,
            edit,
            remove,
        }
    }
}

#[component]
pub(super) fn WebhooksPanel(
    detail: Signal<Option<ConversationDetail>>,
    changes: WebhookChanges,
) -> impl IntoView {
    let hooks = move || detail.with(|d| d.as_ref().map(|d| d.webhooks.clone()).unwrap_or_default());
    let full = Signal::derive(move || hooks().len() >= MAX_WEBHOOKS);
    view! {
        <section class="panel" aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">{tr(|t| t.webhooks_title)}</h2>
            <p class="hint">{move || room_left(hooks().len())}</p>
            {move || {
                let list = hooks();
                if list.is_empty() {
                    return view! { <p class="empty">{tr(|t| t.no_webhooks)}</p> }.into_any();
                }
                view! {
                    <ul class="webhooks">
                        {list.into_iter().map(|hook| view! { <Registered hook edit=changes.edit remove=changes.remove/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <NewWebhook add=changes.add url=changes.url full/>
        </section>
    }
}

#[component]
fn Registered(
    hook: WebhookView,
    edit: Action<(String, WebhookRequest), Result<WebhookView, ApiError>>,
    remove: Action<String, Result<(), ApiError>>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let editable = hook.target == "webhook";
    let shown = hook.clone();
    let url = hook
        .url
        .clone()
        .unwrap_or_else(|| hook.flow_sid.clone().unwrap_or_default());
    let events = if hook.filters.is_empty() {
        hook.triggers.join(", ")
    } else {
        hook.filters.join(", ")
    };
    let webhook_sid = hook.sid.clone();
    view! {
        <li class="webhook" data-sid=hook.sid.clone()>
            <div>
                <strong>{i18n::webhook_line(&hook.method.clone().unwrap_or_default().to_ascii_uppercase(), &url)}</strong>
                <div class="hint">{events}</div>
            </div>
            <ConfirmButton
                label=|t| t.delete_webhook
                title=t().delete_webhook_question.to_owned()
                consequence=i18n::delete_webhook_consequence(&url)
                confirm_label=|t| t.delete_webhook
                on_confirm=move || {
                    remove.dispatch(webhook_sid.clone());
                }
                disabled=remove.pending().into()
            />
            <Show when=move || editable>
                <button type="button" class="button-quiet" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>{tr(|t| t.edit_webhook)}</button>
            </Show>
            <Show when=move || editing.get()>
                <EditWebhook hook=shown.clone() edit editing/>
            </Show>
        </li>
    }
}

/// A registered webhook's URL, method and events, changed in place.
#[component]
fn EditWebhook(
    hook: WebhookView,
    edit: Action<(String, WebhookRequest), Result<WebhookView, ApiError>>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let url = RwSignal::new(hook.url.clone().unwrap_or_default());
    let method = RwSignal::new(
        hook.method
            .clone()
            .unwrap_or_else(|| "post".into())
            .to_ascii_lowercase(),
    );
    let filters = RwSignal::new(hook.filters.clone());
    let prefix = format!("edit-{}", hook.sid);
    let (url_id, method_id) = (format!("{prefix}-url"), format!("{prefix}-method"));
    let webhook_sid = hook.sid.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = WebhookRequest {
            target: "webhook".into(),
            url: Some(url.get_untracked().trim().to_owned()),
            method: Some(method.get_untracked()),
            filters: filters.get_untracked(),
            triggers: Vec::new(),
            flow_sid: None,
        };
        edit.dispatch((webhook_sid.clone(), request));
        editing.set(false);
    };
    view! {
        <form class="form edit-webhook" on:submit=save>
            <label for=url_id.clone()>{tr(|t| t.webhook_url)}</label>
            <input id=url_id type="url" required bind:value=url/>
            <label for=method_id.clone()>{tr(|t| t.webhook_method)}</label>
            <select id=method_id prop:value=move || method.get() on:change=move |ev| method.set(event_target_value(&ev))>
                <option value="post">"POST"</option>
                <option value="get">"GET"</option>
            </select>
            <fieldset class="checks">
                <legend>{tr(|t| t.webhook_events)}</legend>
                <EventChoices filters/>
            </fieldset>
            <button type="submit" class="button" disabled=move || edit.pending().get()>{tr(|t| t.save_webhook)}</button>
        </form>
    }
}

#[component]
fn NewWebhook(
    add: Action<WebhookRequest, Result<WebhookView, ApiError>>,
    url: RwSignal<String>,
    full: Signal<bool>,
) -> impl IntoView {
    let method = RwSignal::new("post".to_owned());
    let filters = RwSignal::new(vec!["onMessageAdded".to_owned()]);
    let target = RwSignal::new("webhook".to_owned());
    let keywords = RwSignal::new(String::new());
    let flow = RwSignal::new(String::new());
    let is_trigger = move || target.get() == "trigger";
    let is_studio = move || target.get() == "studio";
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = WebhookRequest {
            target: target.get_untracked(),
            url: (!is_studio()).then(|| url.get_untracked().trim().to_owned()),
            method: (!is_studio()).then(|| method.get_untracked()),
            filters: if is_trigger() || is_studio() {
                Vec::new()
            } else {
                filters.get_untracked()
            },
            triggers: keywords
                .get_untracked()
                .split(',')
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty() && is_trigger())
                .collect(),
            flow_sid: is_studio().then(|| flow.get_untracked().trim().to_owned()),
        };
        add.dispatch(request);
    };
    view! {
        <form class="form" on:submit=create aria-labelledby="new-webhook-title">
            <h3 id="new-webhook-title">{tr(|t| t.add_webhook)}</h3>
            <fieldset class="plain" disabled=move || full.get()>
                <label for="webhook-target">{tr(|t| t.webhook_target)}</label>
                <select id="webhook-target" on:change=move |ev| target.set(event_target_value(&ev))>
                    <option value="webhook">{tr(|t| t.target_webhook)}</option>
                    <option value="trigger">{tr(|t| t.target_trigger)}</option>
                    <option value="studio">{tr(|t| t.target_studio)}</option>
                </select>
                <Show when=move || !is_studio()>
                    <label for="webhook-url">{tr(|t| t.webhook_url)}</label>
                    <input id="webhook-url" type="url" required placeholder="https://example.com/hooks" bind:value=url/>
                    <label for="webhook-method">{tr(|t| t.webhook_method)}</label>
                    <select id="webhook-method" prop:value=move || method.get() on:change=move |ev| method.set(event_target_value(&ev))>
                        <option value="post">"POST"</option>
                        <option value="get">"GET"</option>
                    </select>
                </Show>
                <Show when=is_studio>
                    <label for="webhook-flow">{tr(|t| t.webhook_flow)}</label>
                    <input id="webhook-flow" required placeholder="FW…" bind:value=flow/>
                </Show>
                <Show when=is_trigger>
                    <label for="webhook-keywords">{tr(|t| t.webhook_keywords)}</label>
                    <input id="webhook-keywords" bind:value=keywords placeholder="help, stop"/>
                </Show>
                <fieldset class="checks" hidden=move || is_trigger() || is_studio()>
                    <legend>{tr(|t| t.webhook_events)}</legend>
                    <EventChoices filters/>
                </fieldset>
                <button type="submit" class="button" disabled=move || add.pending().get()>{tr(|t| t.add_webhook)}</button>
            </fieldset>
        </form>
    }
}

/// One checkbox per event a webhook can be told about, ticked when `filters` holds it.
#[component]
fn EventChoices(filters: RwSignal<Vec<String>>) -> impl IntoView {
    WEBHOOK_FILTERS
        .iter()
        .map(|(filter, meaning)| {
            let filter = (*filter).to_owned();
            let read = filter.clone();
            let words = i18n::webhook_event(&filter, meaning);
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || filters.with(|f| f.contains(&read))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            filters.update(|f| {
                                f.retain(|x| x != &filter);
                                if on { f.push(filter.clone()); }
                            });
                        }
                    />
                    {words}
                </label>
            }
        })
        .collect_view()
}
