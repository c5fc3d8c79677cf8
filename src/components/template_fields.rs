//! Choosing a template and filling `{{1}}`, `{{2}}`…, with the message shown as the phone will show it
//! and every broken rule named: the same `core` rendering the server checks before sending.

use std::collections::BTreeMap;

use leptos::prelude::*;
use switchboard_core::api::TemplateView;
use switchboard_core::template::{Rendered, render};

use crate::i18n::{self, Words, t, tr};

/// The values to render with: a cleared field counts as not filled in.
pub fn filled(values: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    values
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// `body` filled with `values`, or nothing to show when no template is chosen.
pub fn preview(
    template: Option<&TemplateView>,
    values: &BTreeMap<String, String>,
) -> Option<Rendered> {
    template.map(|template| {
        render(
            template.body.as_deref().unwrap_or_default(),
            &filled(values),
        )
    })
}

pub fn approval(status: &str) -> &'static str {
    match status {
        "approved" => t().approval_approved,
        "pending" | "received" => t().approval_pending,
        "rejected" => t().approval_rejected,
        _ => t().approval_unsubmitted,
    }
}

/// Whether two language tags name the same language, whatever their region or separator:
/// `pt_BR` and `pt-PT` do, `es` and `en` do not.
pub fn same_language(a: &str, b: &str) -> bool {
    let primary = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    primary(a) == primary(b)
}

#[component]
pub fn TemplateFields(
    templates: Vec<TemplateView>,
    chosen: RwSignal<String>,
    values: RwSignal<BTreeMap<String, String>>,
    /// Keeps the ids of two editors on one page apart.
    prefix: &'static str,
    #[prop(optional)] label: Option<Words>,
    /// The language of the person it is for, when known: templates in it are offered first.
    #[prop(optional, into)]
    first_in: Signal<Option<String>>,
) -> impl IntoView {
    let templates = StoredValue::new(templates);
    let current =
        move || templates.with_value(|all| all.iter().find(|x| x.sid == chosen.get()).cloned());
    let select_id = format!("{prefix}-template");
    let options = move || {
        let all = templates.get_value();
        let person = first_in.get();
        let theirs = |x: &&TemplateView| {
            person.as_deref().is_some_and(|person| {
                x.language
                    .as_deref()
                    .is_some_and(|l| same_language(l, person))
            })
        };
        let (mut ordered, others): (Vec<_>, Vec<_>) = all.iter().partition(theirs);
        ordered.extend(others);
        ordered
            .into_iter()
            .map(|x| {
                let name = x.name.clone().unwrap_or_else(|| x.sid.clone());
                view! { <option value=x.sid.clone()>{i18n::template_option(&name, approval(&x.whatsapp_status))}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="template-fields">
            <label for=select_id.clone()>{move || label.map_or(t().template, |label| label(t()))}</label>
            <select
                id=select_id
                prop:value=move || chosen.get()
                on:change=move |ev| {
                    chosen.set(event_target_value(&ev));
                    values.set(BTreeMap::new());
                }
            >
                <option value="">{tr(|t| t.choose_template)}</option>
                {options}
            </select>
            {move || current().map(|template| {
                let fields = template.placeholders.iter().map(|key| {
                    let key = key.clone();
                    let id = format!("{prefix}-value-{key}");
                    let sample = template.samples.get(&key).cloned().unwrap_or_default();
                    let read_key = key.clone();
                    view! {
                        <label for=id.clone()>{format!("{{{{{key}}}}}")}</label>
                        <input
                            id=id
                            placeholder=sample
                            prop:value=move || values.with(|v| v.get(&read_key).cloned().unwrap_or_default())
                            on:input=move |ev| {
                                let typed = event_target_value(&ev);
                                values.update(|v| { v.insert(key.clone(), typed); });
                            }
                        />
                    }
                }).collect_view();
                view! { <div class="template-values">{fields}</div> }
            })}
            {move || current().map(|template| view! {
                <PhonePreview rendered=Signal::derive(move || preview(Some(&template), &values.get()))/>
            })}
        </div>
    }
}

/// The message in a speech bubble as the phone shows it, and every rule it breaks.
#[component]
pub fn PhonePreview(rendered: Signal<Option<Rendered>>) -> impl IntoView {
    view! {
        {move || rendered.get().map(|rendered| {
            let problems = rendered.problems.iter().map(|p| view! { <li>{i18n::problem(&p.said(), p)}</li> }).collect_view();
            let ok = rendered.is_sendable();
            view! {
                <figure class="phone-preview">
                    <figcaption>{tr(|t| t.as_the_phone_shows_it)}</figcaption>
                    <p class="bubble bubble-in">{rendered.text.clone()}</p>
                </figure>
                {if ok {
                    view! { <p class="rules-ok" role="status">{tr(|t| t.template_ready)}</p> }.into_any()
                } else {
                    view! {
                        <div class="rules-broken" role="alert">
                            <p>{tr(|t| t.template_problems)}</p>
                            <ul>{problems}</ul>
                        </div>
                    }.into_any()
                }}
            }
        })}
    }
}
