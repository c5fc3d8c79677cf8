use leptos::prelude::*;

use crate::api;
use crate::components::conversations_table::ConversationsTable;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::t;

#[component]
pub fn ConversationsPage() -> impl IntoView {
    let conversations = LocalResource::new(api::conversations);
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{t().conversations_title}</h1>
            <Transition fallback=|| view! { <p class="loading" role="status">{t().loading}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        conversations.await.map(|page| view! { <ConversationsTable rows=page.conversations/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
