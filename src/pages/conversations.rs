use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ListFilter};
use crate::components::conversations_table::ConversationsTable;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::t;

/// Every conversation, searched, filtered and paged through the URL so a view can be shared.
#[component]
pub fn ConversationsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        ListFilter {
            q: query.get("q").unwrap_or_default(),
            state: query.get("state").unwrap_or_default(),
            page: query.get("page").unwrap_or_default(),
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
                                <Pager next/>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn SearchForm(filter: Memo<ListFilter>) -> impl IntoView {
    let q = RwSignal::new(filter.get_untracked().q);
    let state = RwSignal::new(filter.get_untracked().state);
    Effect::new(move |_| {
        let current = filter.get();
        q.set(current.q);
        state.set(current.state);
    });
    let navigate = use_navigate();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = ListFilter {
            q: q.get_untracked(),
            state: state.get_untracked(),
            page: String::new(),
        };
        navigate(
            &format!("/conversations{}", api::query_string(&wanted.pairs())),
            Default::default(),
        );
    };
    view! {
        <form class="form form-inline filters" role="search" on:submit=search>
            <label for="search-q">{t().search_label}</label>
            <input id="search-q" type="search" bind:value=q placeholder=t().search_placeholder/>
            <label for="search-state">{t().column_state}</label>
            <select id="search-state" prop:value=move || state.get() on:change=move |ev| state.set(event_target_value(&ev))>
                <option value="">{t().state_any}</option>
                <option value="active">{t().state_active}</option>
                <option value="inactive">{t().state_inactive}</option>
                <option value="closed">{t().state_closed}</option>
            </select>
            <button type="submit" class="button">{t().search}</button>
            <A href="/conversations" attr:class="button-quiet">{t().clear_filters}</A>
        </form>
    }
}

#[component]
fn Pager(next: Option<String>) -> impl IntoView {
    let query = use_query_map();
    let paged = move || query.read().get("page").is_some();
    view! {
        <nav class="pager" aria-label=t().pages_label>
            <Show when=paged>
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
