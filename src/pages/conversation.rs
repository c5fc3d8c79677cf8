use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use switchboard_core::api::{ConversationDetail, ConversationState, Role};

use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::components::conversations_table::state_label;
use crate::components::on_sandbox::OnSandbox;
use crate::components::opt_in_panel::OptInPanel;
use crate::components::reassign::ReassignSide;
use crate::components::route_diagram::{RouteDiagram, RouteEnd, route_nodes};
use crate::components::send_box::SendBox;
use crate::components::timeline::Timeline;
use crate::components::toasts::Toasts;
use crate::components::webhooks_panel::WebhooksPanel;
use crate::i18n::{self, t};
use crate::pages::phones::phones_link;
use crate::people::{conversation_name, person};
use crate::session::Session;

/// One conversation: who talks through which numbers, what was said and delivered, and every action.
#[component]
pub fn ConversationPage() -> impl IntoView {
    let params = use_params_map();
    let sid = Memo::new(move |_| params.read().get("sid").unwrap_or_default());
    let version = RwSignal::new(0u32);
    let fetched = LocalResource::new(move || {
        version.track();
        api::conversation(sid.get())
    });
    let detail = RwSignal::new(None::<ConversationDetail>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match fetched.get() {
        Some(Ok(found)) => {
            error.set(None);
            detail.set(Some(found));
        }
        Some(Err(failure)) => error.set(Some(failure.message)),
        None => {}
    });
    let reload = move || version.update(|v| *v += 1);
    provide_context(Reload(version));
    let loaded = move || detail.with(Option::is_some);
    view! {
        <section class="page" aria-labelledby="page-title">
            <p><A href="/conversations">{t().back_to_conversations}</A></p>
            {move || error.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            <Show when=loaded fallback=move || view! {
                <Show when=move || error.with(Option::is_none)>
                    <p class="loading" role="status">{t().loading}</p>
                </Show>
            }>
                <Header detail sid reload/>
                <div class="detail-grid">
                    <div>
                        <h2>{t().messages_title}</h2>
                        <Timeline detail/>
                        <SendBox detail sid/>
                    </div>
                    <div>
                        <ReassignSide detail sid/>
                        <OptInPanel detail sid/>
                        <WebhooksPanel detail sid/>
                    </div>
                </div>
            </Show>
        </section>
    }
}

/// Asks the conversation page to read the conversation again after a change.
#[derive(Clone, Copy)]
pub struct Reload(RwSignal<u32>);

impl Reload {
    pub fn get() -> Reload {
        expect_context::<Reload>()
    }

    pub fn now(&self) {
        self.0.update(|v| *v += 1);
    }
}

#[component]
fn Header(
    detail: RwSignal<Option<ConversationDetail>>,
    sid: Memo<String>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let toasts = Toasts::get();
    let session = Session::get();
    let navigate = use_navigate();
    let row = move || detail.get().map(|d| d.conversation);
    let name = move || row().map(|r| conversation_name(&r)).unwrap_or_default();
    let nodes = Signal::derive(move || {
        let people = row().map(|r| r.participants).unwrap_or_default();
        match people.as_slice() {
            [left, right, ..] => route_nodes(&RouteEnd::of(left), &RouteEnd::of(right)),
            _ => Vec::new(),
        }
    });
    let closed =
        Signal::derive(move || row().is_some_and(|r| r.state == ConversationState::Closed));
    let people = move || {
        row()
            .map(|r| r.participants.iter().map(person).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let close = move || {
        leptos::task::spawn_local(async move {
            let result = api::close_conversation(sid.get_untracked()).await;
            toasts.outcome(&result, t().conversation_closed);
            reload();
        });
    };
    let delete = move || {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::delete_conversation(sid.get_untracked()).await;
            toasts.outcome(&result, t().conversation_deleted);
            if result.is_ok() {
                navigate("/conversations", Default::default());
            }
        });
    };
    let phones = move || {
        let pairs: Vec<(String, String)> = row()
            .map(|r| {
                r.participants
                    .into_iter()
                    .filter_map(|p| Some((p.address?, p.proxy_address?)))
                    .collect()
            })
            .unwrap_or_default();
        phones_link(&pairs)
    };
    let message_count = move || detail.with(|d| d.as_ref().map_or(0, |d| d.messages.len()));
    view! {
        <div class="page-head">
            <h1 id="page-title">{name}</h1>
            {move || row().map(|r| {
                let (label, class) = state_label(r.state);
                view! { <span class=format!("state {class}")>{label}</span> }
            })}
        </div>
        <RouteDiagram nodes/>
        <div class="actions">
            <button type="button" class="button-quiet" on:click=move |_| reload()>{t().refresh}</button>
            <OnSandbox>
                <A href=phones attr:class="button-quiet">{t().play_on_phones}</A>
            </OnSandbox>
            <ConfirmButton
                label=t().close_conversation
                title=i18n::close_question(&name())
                consequence=i18n::close_consequence(&people())
                confirm_label=t().close_conversation
                on_confirm=close
                disabled=closed
            />
            <Show when=move || session.allows(Role::Admin)>
                <ConfirmButton
                    label=t().delete_conversation
                    title=i18n::delete_question(&name())
                    consequence=i18n::delete_consequence(message_count())
                    confirm_label=t().delete_for_good
                    on_confirm=delete.clone()
                />
            </Show>
        </div>
    }
}
