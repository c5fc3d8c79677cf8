//! Every conversation, searched, filtered and paged through the URL so a view can be shared.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;

use crate::api::{self, ListFilter};
use crate::components::conversations_table::ConversationsTable;
use crate::components::error_notice::ErrorNotice;
use crate::components::filter_form::FilterForm;
use crate::i18n::t;

/// The page's URL query.
#[derive(Params, Debug, Clone, Default, PartialEq)]
struct ListQuery {
    q: Option<String>,
    state: Option<String>,
    page: Option<String>,
}

#[component]
pub fn ConversationsPage() -> impl IntoView {
    let query = use_query::<ListQuery>();
    let filter = Memo::new(move |_| {
        let query = query.get().unwrap_or_default();
        ListFilter {
            q: query.q.unwrap_or_default(),
            state: query.state.unwrap_or_default(),
            page: query.page.unwrap_or_default(),
        }
    });
    let conversations = LocalResource::new(move || api::conversation_page(filter.get()));
    let filtered = move || {
        let filter = filter.get();
        !filter.q.is_empty() || !filter.state.is_empty()
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{t().conversations_title}</h1>
                <A href="/pairings/new" attr:class="button">{t().new_pairing}</A>
            </div>
            <SearchForm filter/>
            <Transition fallback=|| view! { <p class="loading" role="status">{t().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        conversations.await.map(|page| {
                            let next = page.next_page.map(|cursor| {
                                let mut next = filter.get_untracked();
                                next.page = cursor;
                                api::query_string(&next.pairs())
                            });
                            view! {
                                <ConversationsTable rows=page.conversations filtered=filtered()/>
                                <Pager next paged=!filter.get_untracked().page.is_empty()/>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn SearchForm(#[prop(into)] filter: Signal<ListFilter>) -> impl IntoView {
    view! {
        <FilterForm action="/conversations">
            <label for="search-q">{t().search_label}</label>
            <input id="search-q" name="q" type="search" prop:value=move || filter.get().q placeholder=t().search_placeholder/>
            <label for="search-state">{t().column_state}</label>
            <select id="search-state" name="state" prop:value=move || filter.get().state>
                <option value="">{t().state_any}</option>
                <option value="active">{t().state_active}</option>
                <option value="inactive">{t().state_inactive}</option>
                <option value="closed">{t().state_closed}</option>
            </select>
            <button type="submit" class="button">{t().search}</button>
            <A href="/conversations" attr:class="button-quiet">{t().clear_filters}</A>
        </FilterForm>
    }
}

#[component]
fn Pager(next: Option<String>, paged: bool) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=t().pages_label>
            <Show when=move || paged>
                <button type="button" class="button-quiet" on:click=|_| {
                    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = history.back();
                    }
                }>{t().previous_page}</button>
            </Show>
            {next.map(|next| view! { <A href=format!("/conversations{next}") attr:class="button-quiet">{t().next_page}</A> })}
        </nav>
    }
}
