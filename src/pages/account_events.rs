//! Admins: where Twilio posts the account's events (account and service level), connecting them to
//! Switchboard after a confirmation that names the URL it replaces, and how far the mirror has read
//! the account (live, as the server tells of each step of the walk).

use std::time::Duration;

use leptos::prelude::*;
use switchboard_core::api::{AccountEvents, Event, EventsTarget, MirrorStatus, WalkProgress};

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmButton;
use crate::components::mirror_progress::MirrorProgress;
use crate::components::toasts::Toasts;
use crate::format::local_time;
use crate::i18n::{self, Words, t, tr};
use crate::live::refresh_on;

const GAP: Duration = Duration::from_millis(300);
/// While the walk runs its status is also read this often: its last step may be told before the
/// walk is stored as finished.
const WHILE_RUNNING: Duration = Duration::from_secs(2);

type Connect = Action<Option<String>, Result<(), ApiError>>;

#[component]
pub fn AccountEventsPage() -> impl IntoView {
    let toasts = Toasts::get();
    let connect: Connect = Action::new_local(move |replacing: &Option<String>| {
        let answer = api::connect_events(replacing.clone());
        async move {
            let result = answer.await;
            toasts.outcome(&result, t().events_now_connected);
            result
        }
    });
    let walk = Action::new_local(move |_: &()| async move {
        let result = api::walk_again().await;
        toasts.outcome(&result, t().walk_started);
        result
    });
    // Read again after every answer to Connect, a refusal included: a 409 means the URL in force
    // changed meanwhile, and the admin must see the new one before trying again.
    let events = LocalResource::new(move || {
        connect.version().track();
        api::account_events()
    });
    let walked = refresh_on(|e| matches!(e, Event::MirrorProgress { .. }), GAP);
    let running = RwSignal::new(false);
    let poll = RwSignal::new(0u32);
    if let Ok(clock) = set_interval_with_handle(
        move || {
            if running.get_untracked() {
                poll.update(|n| *n += 1);
            }
        },
        WHILE_RUNNING,
    ) {
        on_cleanup(move || clock.clear());
    }
    let status = LocalResource::new(move || {
        walked.track();
        poll.track();
        walk.version().track();
        connect.version().track();
        api::mirror_status()
    });
    Effect::new(move |_| {
        if let Some(Ok(found)) = status.get() {
            running.set(matches!(found.walk, WalkProgress::Running { .. }));
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.account_events_title)}</h1>
            <p class="hint">{tr(|t| t.account_events_intro)}</p>
            <Transition fallback=|| view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(found) => view! { <Configuration found connect/> }.into_any(),
                        Err(e) => view! { <p class="notice notice-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Transition>
            <section class="mirror" aria-labelledby="mirror-title">
                <h2 id="mirror-title">{tr(|t| t.mirror_title)}</h2>
                <Transition fallback=|| view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match status.await {
                            Ok(found) => view! { <Mirror found/> }.into_any(),
                            Err(e) => view! { <p class="notice notice-error" role="alert">{e.message}</p> }.into_any(),
                        }
                    })}
                </Transition>
                <button type="button" class="button-quiet" on:click=move |_| { walk.dispatch(()); } disabled=walk.pending()>
                    {tr(|t| t.walk_again)}
                </button>
            </section>
        </section>
    }
}

/// The post-event URL in force: the service level's when it sets one, else the account level's.
pub fn url_in_force(found: &AccountEvents) -> Option<String> {
    found
        .service
        .as_ref()
        .and_then(|s| s.post_webhook_url.clone())
        .or_else(|| found.account.post_webhook_url.clone())
}

#[component]
fn Configuration(found: AccountEvents, connect: Connect) -> impl IntoView {
    let (state, class) = if found.connected {
        (t().events_connected, "notice notice-ok")
    } else {
        (t().events_not_connected, "notice notice-error")
    };
    let replacing = url_in_force(&found);
    let consequence = [i18n::connect_consequence(
        &found.our_url,
        replacing.as_deref(),
    )]
    .into_iter()
    .chain(found.changes.iter().cloned())
    .collect::<Vec<_>>()
    .join(" ");
    let changes = (!found.changes.is_empty()).then(|| {
        let items = found
            .changes
            .iter()
            .map(|change| view! { <li>{change.clone()}</li> })
            .collect_view();
        view! {
            <h2>{tr(|t| t.changes_title)}</h2>
            <ul class="changes">{items}</ul>
        }
    });
    let button = (!found.connected).then(|| {
        view! {
            <ConfirmButton
                label=|t| t.connect_events
                title=t().connect_question.to_owned()
                consequence
                confirm_label=|t| t.connect_events
                on_confirm=move || {
                    connect.dispatch(replacing.clone());
                }
                disabled=connect.pending().into()
            />
        }
    });
    view! {
        <p class=class role="status" data-connected=found.connected.to_string()>{state}</p>
        <dl class="facts">
            <dt>{tr(|t| t.our_url_label)}</dt>
            <dd><code class="our-url">{found.our_url.clone()}</code></dd>
        </dl>
        <Level title=|t| t.level_account target=found.account.clone() class="level-account"/>
        {found.service.clone().map(|target| view! { <Level title=|t| t.level_service target class="level-service"/> })}
        {changes}
        <div class="actions">{button}</div>
    }
}

#[component]
fn Level(title: Words, target: EventsTarget, class: &'static str) -> impl IntoView {
    let or_not_set = |value: Option<String>| value.unwrap_or_else(|| t().not_set.to_owned());
    let filters = if target.filters.is_empty() {
        t().not_set.to_owned()
    } else {
        target.filters.join(", ")
    };
    view! {
        <section class=format!("events-level {class}")>
            <h2>{move || title(t())}</h2>
            <dl class="facts">
                <dt>{tr(|t| t.post_url_label)}</dt>
                <dd class="post-url">{or_not_set(target.post_webhook_url)}</dd>
                <dt>{tr(|t| t.pre_url_label)}</dt>
                <dd>{or_not_set(target.pre_webhook_url)}</dd>
                <dt>{tr(|t| t.method_label)}</dt>
                <dd>{or_not_set(target.method)}</dd>
                <dt>{tr(|t| t.filters_label)}</dt>
                <dd class="filters-list">{filters}</dd>
            </dl>
        </section>
    }
}

#[component]
fn Mirror(found: MirrorStatus) -> impl IntoView {
    view! {
        <MirrorProgress walk=found.walk/>
        <p>{i18n::mirror_holds(found.conversations)}</p>
        {found.last_reconcile.map(|when| view! { <p class="hint">{i18n::mirror_reconciled(&local_time(&when))}</p> })}
    }
}
