//! The WhatsApp templates and a live preview editor.

use std::collections::BTreeMap;

use leptos::prelude::*;
use switchboard_core::api::TemplateView;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::template_fields::{TemplateFields, approval};
use crate::i18n::t;

/// The WhatsApp templates with their approval, and a live preview editor for any of them.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let templates = LocalResource::new(api::templates);
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{t().templates_title}</h1>
            <p class="hint">{t().templates_intro}</p>
            <Transition fallback=|| view! { <p class="loading" role="status">{t().loading}</p> }>
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
    let rows = list
        .iter()
        .map(|x| {
            let sid = x.sid.clone();
            let status = x.whatsapp_status.clone();
            view! {
                <tr data-sid=x.sid.clone()>
                    <td>
                        <button type="button" class="link" on:click=move |_| {
                            chosen.set(sid.clone());
                            values.set(BTreeMap::new());
                        }>{x.name.clone().unwrap_or(x.sid.clone())}</button>
                    </td>
                    <td><span class=format!("approval approval-{status}")>{approval(&status)}</span></td>
                    <td>{x.language.clone().unwrap_or_default()}</td>
                    <td class="template-body">{x.body.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data templates">
            <thead>
                <tr>
                    <th scope="col">{t().column_name}</th>
                    <th scope="col">{t().column_approval}</th>
                    <th scope="col">{t().column_language}</th>
                    <th scope="col">{t().column_text}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <section class="panel" aria-labelledby="preview-title">
            <h2 id="preview-title">{t().preview_title}</h2>
            <TemplateFields templates=list chosen values prefix="preview"/>
        </section>
    }
}
