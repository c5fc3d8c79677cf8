//! Every conversation, searched, filtered, sorted and paged through the URL so a view can be shared,
//! and read again shortly after the server tells of a change to any conversation.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;
use switchboard_core::api::{ConversationPage, ListSource, Role};

use crate::api::{self, ListFilter};
use crate::components::bulk_end::{BulkEnd, Chosen};
use crate::components::conversations_table::ConversationsTable;
use crate::components::filter_form::FilterForm;
use crate::components::list_summary::{Coverage, StateTabs};
use crate::i18n::{self, t, tr};
use crate::live::{changes_a_row, refresh_on};
use crate::people::{channel_name, channel_of, phone};
use crate::session::Session;

/// A burst of changes is shown with one read, at most this long after the first of them.
const GAP: Duration = Duration::from_millis(300);

/// The page's URL query.
#[derive(Params, Debug, Clone, Default, PartialEq)]
struct ListQuery {
    q: Option<String>,
    state: Option<String>,
    sort: Option<String>,
    channel: Option<String>,
    number: Option<String>,
    window: Option<String>,
    failed: Option<String>,
    page: Option<String>,
}

impl From<ListQuery> for ListFilter {
    fn from(query: ListQuery) -> ListFilter {
        ListFilter {
            q: query.q.unwrap_or_default(),
            state: query.state.unwrap_or_default(),
            sort: query.sort.unwrap_or_default(),
            channel: query.channel.unwrap_or_default(),
            number: query.number.unwrap_or_default(),
            window: query.window.unwrap_or_default(),
            failed: query.failed.unwrap_or_default(),
            page: query.page.unwrap_or_default(),
        }
    }
}

#[component]
pub fn ConversationsPage() -> impl IntoView {
    let query = use_query::<ListQuery>();
    let filter = Signal::from(Memo::new(move |_| {
        ListFilter::from(query.get().unwrap_or_default())
    }));
    let changed = refresh_on(changes_a_row, GAP);
    let fetched = LocalResource::new(move || {
        changed.track();
        api::conversation_page(filter.get())
    });
    // The last list read stays on screen while it is read again, so a change elsewhere never
    // blanks the page under the operator.
    let page: Signal<Option<ConversationPage>> =
        Memo::new(move |last: Option<&Option<_>>| match fetched.get() {
            Some(Ok(found)) => Some(found),
            _ => last.cloned().flatten(),
        })
        .into();
    let error = move || fetched.get().and_then(Result::err).map(|e| e.message);
    let source = Signal::derive(move || page.with(|p| p.as_ref().map(|p| p.source.clone())));
    let counts = Signal::derive(move || page.with(|p| p.as_ref().and_then(|p| p.counts.clone())));
    let rows = Signal::derive(move || {
        page.with(|p| p.as_ref().map(|p| p.conversations.clone()))
            .unwrap_or_default()
    });
    let empty = Signal::derive(
        move || match (filter.with(ListFilter::narrows), source.get()) {
            (false, _) => t().no_conversations,
            (true, Some(ListSource::Mirror)) => t().no_matching_anywhere,
            (true, _) => t().no_matching_conversations,
        },
    );
    let session = Session::get();
    let may_end = move || session.allows(Role::Operator);
    let chosen: Chosen = RwSignal::new(BTreeSet::new());
    let matching = Signal::derive(move || {
        let counts = counts.get()?;
        Some(match filter.with(|f| f.state.clone()).as_str() {
            "active" => counts.active,
            "inactive" => counts.inactive,
            "closed" => 0,
            _ => counts.active + counts.inactive,
        })
    });
    let next = move || {
        page.with(|p| p.as_ref().and_then(|p| p.next_page.clone()))
            .map(|cursor| {
                let mut next = filter.get();
                next.page = cursor;
                api::query_string(&next.pairs())
            })
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">{tr(|t| t.conversations_title)}</h1>
                <A href="/pairings/new" attr:class="button">{tr(|t| t.new_pairing)}</A>
            </div>
            <SearchForm filter source/>
            {move || error().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            <Show
                when=move || page.with(Option::is_some)
                fallback=move || view! {
                    <Show when=move || error().is_none()>
                        <p class="loading" role="status">{tr(|t| t.loading)}</p>
                    </Show>
                }
            >
                <Coverage source/>
                <StateTabs filter counts/>
                <Show when=may_end>
                    <BulkEnd chosen filter matching/>
                </Show>
                {move || if may_end() {
                    view! { <ConversationsTable rows empty chosen/> }.into_any()
                } else {
                    view! { <ConversationsTable rows empty/> }.into_any()
                }}
                <Pager next=Signal::derive(next) paged=Signal::derive(move || !filter.with(|f| f.page.is_empty()))/>
            </Show>
        </section>
    }
}

#[component]
fn SearchForm(
    #[prop(into)] filter: Signal<ListFilter>,
    #[prop(into)] source: Signal<Option<ListSource>>,
) -> impl IntoView {
    // The mirror's filters and sorts exist only while the mirror answers the list.
    let only_live = move || source.get() != Some(ListSource::Mirror);
    let numbers = LocalResource::new(api::numbers);
    let number_options = move || {
        let pool = match numbers.get() {
            Some(Ok(pool)) => [pool.whatsapp, pool.sms].concat(),
            _ => Vec::new(),
        };
        pool.into_iter()
            .map(|number| {
                let label = i18n::labelled(&phone(&number), channel_name(channel_of(&number)));
                let chosen = filter.with(|f| f.number == number);
                view! { <option value=number.clone() selected=chosen>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <FilterForm action="/conversations">
            <label for="search-q">{tr(|t| t.search_label)}</label>
            <input id="search-q" name="q" type="search" prop:value=move || filter.get().q placeholder=tr(|t| t.search_placeholder)/>
            <label for="search-state">{tr(|t| t.column_state)}</label>
            <select id="search-state" name="state" prop:value=move || filter.get().state>
                <option value="">{tr(|t| t.state_any)}</option>
                <option value="active">{tr(|t| t.state_active)}</option>
                <option value="inactive">{tr(|t| t.state_inactive)}</option>
                <option value="closed">{tr(|t| t.state_closed)}</option>
            </select>
            <label for="search-channel">{tr(|t| t.filter_channel)}</label>
            <select id="search-channel" name="channel" prop:value=move || filter.get().channel disabled=only_live>
                <option value="">{tr(|t| t.channel_any)}</option>
                <option value="sms">{tr(|t| t.channel_sms)}</option>
                <option value="whatsapp">{tr(|t| t.channel_whatsapp)}</option>
                <option value="mixed">{tr(|t| t.channel_mixed)}</option>
            </select>
            <label for="search-number">{tr(|t| t.filter_number)}</label>
            <select id="search-number" name="number" disabled=only_live>
                <option value="" selected=move || filter.with(|f| f.number.is_empty())>{tr(|t| t.number_any)}</option>
                {number_options}
            </select>
            <label for="search-window">{tr(|t| t.filter_window)}</label>
            <select id="search-window" name="window" prop:value=move || filter.get().window disabled=only_live>
                <option value="">{tr(|t| t.window_any)}</option>
                <option value="open">{tr(|t| t.window_filter_open)}</option>
                <option value="closed">{tr(|t| t.window_filter_closed)}</option>
            </select>
            <label class="check">
                <input type="checkbox" name="failed" value="true" prop:checked=move || filter.with(|f| f.failed == "true") disabled=only_live/>
                {tr(|t| t.filter_failed)}
            </label>
            <label for="search-sort">{tr(|t| t.sort_label)}</label>
            <select id="search-sort" name="sort" prop:value=move || filter.get().sort disabled=only_live>
                <option value="">{tr(|t| t.sort_activity)}</option>
                <option value="created">{tr(|t| t.sort_created)}</option>
            </select>
            <button type="submit" class="button">{tr(|t| t.search)}</button>
            <A href="/conversations" attr:class="button-quiet">{tr(|t| t.clear_filters)}</A>
        </FilterForm>
    }
}

#[component]
fn Pager(next: Signal<Option<String>>, paged: Signal<bool>) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=tr(|t| t.pages_label)>
            <Show when=move || paged.get()>
                <button type="button" class="button-quiet" on:click=|_| {
                    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = history.back();
                    }
                }>{tr(|t| t.previous_page)}</button>
            </Show>
            {move || next.get().map(|next| view! { <A href=format!("/conversations{next}") attr:class="button-quiet">{tr(|t| t.next_page)}</A> })}
        </nav>
    }
}
