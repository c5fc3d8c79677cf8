//! Every change anyone made, newest first; the filters and the page live in the URL query.

use leptos::prelude::*;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;
use switchboard_core::api::AuditQuery;

use crate::api;
use crate::components::audit_table::AuditTable;
use crate::components::error_notice::ErrorNotice;
use crate::components::filter_form::FilterForm;
use crate::i18n::tr;

/// The page's URL query; a `before` that is not a number is ignored, not an error.
#[derive(Params, Debug, Clone, Default, PartialEq)]
struct AuditFilter {
    actor: Option<String>,
    action: Option<String>,
    target: Option<String>,
    before: Option<String>,
}

impl From<AuditFilter> for AuditQuery {
    fn from(filter: AuditFilter) -> AuditQuery {
        AuditQuery {
            actor: filter.actor,
            action: filter.action,
            target: filter.target,
            before: filter.before.and_then(|b| b.parse().ok()),
            limit: None,
        }
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query::<AuditFilter>();
    let filters = Memo::new(move |_| AuditQuery::from(query.get().unwrap_or_default()));
    let entries = LocalResource::new(move || api::audit(filters.get()));
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.audit_title)}</h1>
            <AuditFilters filters/>
            <Transition fallback=|| view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }>
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
                                {older.map(|href| view! { <a class="pager" href=href>{tr(|t| t.older_entries)}</a> })}
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn AuditFilters(#[prop(into)] filters: Signal<AuditQuery>) -> impl IntoView {
    let shown =
        move |field: fn(AuditQuery) -> Option<String>| field(filters.get()).unwrap_or_default();
    view! {
        <FilterForm action="/audit">
            <label for="filter-actor">{tr(|t| t.filter_person)}</label>
            <input id="filter-actor" name="actor" prop:value=move || shown(|f| f.actor)/>
            <label for="filter-action">{tr(|t| t.filter_action)}</label>
            <input id="filter-action" name="action" placeholder="pairing.create" prop:value=move || shown(|f| f.action)/>
            <label for="filter-target">{tr(|t| t.filter_conversation)}</label>
            <input id="filter-target" name="target" placeholder="CH…" prop:value=move || shown(|f| f.target)/>
            <button type="submit" class="button">{tr(|t| t.apply_filters)}</button>
            <a href="/audit">{tr(|t| t.clear_filters)}</a>
        </FilterForm>
    }
}
