//! The WhatsApp templates and a live preview editor.

use std::collections::BTreeMap;

use leptos::prelude::*;
use switchboard_core::api::TemplateView;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::template_fields::{TemplateFields, approval};
use crate::format::language_name;
use crate::i18n::tr;

/// The WhatsApp templates with their approval, and a live preview editor for any of them.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let templates = LocalResource::new(api::templates);
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.templates_title)}</h1>
            <p class="hint">{tr(|t| t.templates_intro)}</p>
            <Transition fallback=|| view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        templates.await.map(|list| view! { <Templates list/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Templates(list: Vec<TemplateView>) -> impl IntoView {
    let chosen = RwSignal::new(list.first().map(|x| x.sid.clone()).unwrap_or_default());
    let values = RwSignal::new(BTreeMap::new());
    let shown_language = RwSignal::new(String::new());
    let mut languages: Vec<String> = Vec::new();
    for language in list.iter().filter_map(|x| x.language.clone()) {
        if let Err(at) = languages.binary_search(&language) {
            languages.insert(at, language);
        }
    }
    let rows = list
        .iter()
        .map(|x| {
            let sid = x.sid.clone();
            let status = x.whatsapp_status.clone();
            let language = x.language.clone().unwrap_or_default();
            let other_language = {
                let language = language.clone();
                move || shown_language.with(|shown| !shown.is_empty() && *shown != language)
            };
            view! {
                <tr data-sid=x.sid.clone() hidden=other_language>
                    <td>
                        <button type="button" class="link" on:click=move |_| {
                            chosen.set(sid.clone());
                            values.set(BTreeMap::new());
                        }>{x.name.clone().unwrap_or(x.sid.clone())}</button>
                    </td>
                    <td><span class=format!("approval approval-{status}")>{approval(&status)}</span></td>
                    <td lang=language.replace('_', "-")>{
                        let language = language.clone();
                        move || language_name(&language)
                    }</td>
                    <td class="template-body">{x.body.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="form form-inline filters">
            <label for="template-language">{tr(|t| t.language_label)}</label>
            <select
                id="template-language"
                prop:value=move || shown_language.get()
                on:change=move |event| shown_language.set(event_target_value(&event))
            >
                <option value="">{tr(|t| t.language_any)}</option>
                {languages
                    .into_iter()
                    .map(|tag| {
                        let name = tag.clone();
                        view! { <option value=tag>{move || language_name(&name)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <table class="data templates">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.column_name)}</th>
                    <th scope="col">{tr(|t| t.column_approval)}</th>
                    <th scope="col">{tr(|t| t.column_language)}</th>
                    <th scope="col">{tr(|t| t.column_text)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <section class="panel" aria-labelledby="preview-title">
            <h2 id="preview-title">{tr(|t| t.preview_title)}</h2>
            <TemplateFields templates=list chosen values prefix="preview"/>
        </section>
    }
}
