use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use switchboard_core::api::AuditQuery;

use crate::api;
use crate::components::audit_table::AuditTable;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::t;

/// Every change anyone made, newest first; the filters and the page live in the URL query.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        query.with(|q| AuditQuery {
            actor: q.get("actor"),
            action: q.get("action"),
            target: q.get("target"),
            before: q.get("before").and_then(|b| b.parse().ok()),
            limit: None,
        })
    });
    let entries = LocalResource::new(move || api::audit(filters.get()));
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{t().audit_title}</h1>
            <AuditFilters filters/>
            <Transition fallback=|| view! { <p class="loading" role="status">{t().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        entries.await.map(|page| {
                            let older = page.next_before.map(|before| {
                                let mut next = filters.get_untracked();
                                next.before = Some(before);
                                format!("/audit{}", api::query_string(&api::audit_pairs(&next)))
                            });
                            view! {
                                <AuditTable entries=page.entries/>
                                {older.map(|href| view! { <a class="pager" href=href>{t().older_entries}</a> })}
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn AuditFilters(filters: Memo<AuditQuery>) -> impl IntoView {
    let navigate = use_navigate();
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    Effect::new(move || {
        let current = filters.get();
        actor.set(current.actor.unwrap_or_default());
        action.set(current.action.unwrap_or_default());
        target.set(current.target.unwrap_or_default());
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let given = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let next = AuditQuery {
            actor: given(actor),
            action: given(action),
            target: given(target),
            ..AuditQuery::default()
        };
        navigate(
            &format!("/audit{}", api::query_string(&api::audit_pairs(&next))),
            Default::default(),
        );
    };
    view! {
        <form class="form form-inline filters" role="search" on:submit=submit>
            <label for="filter-actor">{t().filter_person}</label>
            <input id="filter-actor" name="actor" prop:value=actor on:input=move |e| actor.set(event_target_value(&e))/>
            <label for="filter-action">{t().filter_action}</label>
            <input id="filter-action" name="action" placeholder="pairing.create"
                prop:value=action on:input=move |e| action.set(event_target_value(&e))/>
            <label for="filter-target">{t().filter_conversation}</label>
            <input id="filter-target" name="target" placeholder="CH…"
                prop:value=target on:input=move |e| target.set(event_target_value(&e))/>
            <button type="submit" class="button">{t().apply_filters}</button>
            <a href="/audit">{t().clear_filters}</a>
        </form>
    }
}
