//! One conversation: who talks through which numbers, what was said and delivered, and every action.
//! The page makes every change through an `Action` and reads the conversation again once any of them
//! is answered, or once the server tells of a change to it (a message from a handset, a delivery
//! outcome, another operator's change); the panels beside this file are used by this page only.

mod header;
mod opt_in_panel;
mod reassign;
mod send_box;
mod timeline;
mod webhooks_panel;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use switchboard_core::api::{ConversationDetail, ParticipantView, TemplateView};

use self::header::Header;
use self::opt_in_panel::OptInPanel;
use self::reassign::{ReassignSide, Replacement};
use self::send_box::{Outbox, SendBox};
use self::timeline::Timeline;
pub use self::webhooks_panel::room_left;
use self::webhooks_panel::{WebhookChanges, WebhooksPanel};
use crate::api::{self, ApiError};
use crate::components::toasts::Toasts;
use crate::i18n::{Words, t, tr};
use crate::live::refresh_on;
use crate::people::side;

/// A change the server tells of is shown at most this long after it arrives (a burst, with one read).
const GAP: std::time::Duration = std::time::Duration::from_millis(150);

#[derive(Params, Debug, Clone, PartialEq)]
struct ConversationParams {
    sid: Option<String>,
}

/// The templates, read once for both panels that send one.
type Templates = LocalResource<Result<Vec<TemplateView>, ApiError>>;

/// Every change this page makes.
#[derive(Clone, Copy)]
struct Changes {
    close: header::Close,
    extend: header::Extend,
    delete: header::Delete,
    outbox: Outbox,
    replacement: Replacement,
    opt_in: opt_in_panel::Start,
    webhooks: WebhookChanges,
}

impl Changes {
    fn new(sid: Signal<String>) -> Changes {
        Changes {
            close: header::close(sid),
            extend: header::extend(sid),
            delete: header::delete(sid),
            outbox: Outbox::new(sid),
            replacement: Replacement::new(sid),
            opt_in: opt_in_panel::start(sid),
            webhooks: WebhookChanges::new(sid),
        }
    }

    /// Subscribes to the answer of every change, so what reads the conversation reads it again.
    fn track(&self) {
        for version in [
            self.close.version(),
            self.extend.version(),
            self.outbox.send.version(),
            self.replacement.reassign.version(),
            self.opt_in.version(),
            self.webhooks.add.version(),
            self.webhooks.edit.version(),
            self.webhooks.remove.version(),
        ] {
            version.track();
        }
    }
}

#[component]
pub fn ConversationPage() -> impl IntoView {
    let params = use_params::<ConversationParams>();
    let sid = Signal::from(Memo::new(move |_| {
        params.with(|p| {
            p.as_ref()
                .ok()
                .and_then(|p| p.sid.clone())
                .unwrap_or_default()
        })
    }));
    let changes = Changes::new(sid);
    let told = refresh_on(
        move |event| {
            sid.try_with_untracked(|sid| event.conversation_sid() == Some(sid.as_str()))
                .unwrap_or(false)
        },
        GAP,
    );
    let fetched = LocalResource::new(move || {
        changes.track();
        told.track();
        let sid = sid.get();
        // A conversation being deleted is not read again: the read would only meet its 404.
        let going = header::going(changes.delete);
        async move {
            if going {
                std::future::pending::<()>().await;
            }
            api::conversation(sid).await
        }
    });
    // The last conversation read stays on screen while it is read again, and when a later read fails.
    let detail: Signal<Option<ConversationDetail>> =
        Memo::new(move |last: Option<&Option<_>>| match fetched.get() {
            Some(Ok(found)) => Some(found),
            _ => last.cloned().flatten(),
        })
        .into();
    let error = move || fetched.get().and_then(Result::err).map(|e| e.message);
    let people: Signal<Vec<ParticipantView>> = Memo::new(move |_| {
        detail
            .with(|d| d.as_ref().map(|d| d.conversation.participants.clone()))
            .unwrap_or_default()
    })
    .into();
    let templates: Templates = LocalResource::new(api::templates);
    let loaded = move || detail.with(Option::is_some);
    view! {
        <section class="page" aria-labelledby="page-title">
            <p><A href="/conversations">{tr(|t| t.back_to_conversations)}</A></p>
            {move || error().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            <Show when=loaded fallback=move || view! {
                <Show when=move || error().is_none()>
                    <p class="loading" role="status">{tr(|t| t.loading)}</p>
                </Show>
            }>
                <Header detail people close=changes.close extend=changes.extend delete=changes.delete refresh=move || fetched.refetch()/>
                <div class="detail-grid">
                    <div>
                        <h2>{tr(|t| t.messages_title)}</h2>
                        <Timeline detail/>
                        <SendBox people outbox=changes.outbox templates/>
                    </div>
                    <div>
                        <ReassignSide people replacement=changes.replacement/>
                        <OptInPanel detail people start=changes.opt_in templates/>
                        <WebhooksPanel detail changes=changes.webhooks/>
                    </div>
                </div>
            </Show>
        </section>
    }
}

/// A change to this conversation: `call` with its SID and the action's input. The toast says `done`
/// or why it failed; `then` runs once it succeeded.
fn change<I, T, Fu>(
    sid: Signal<String>,
    done: Words,
    call: impl Fn(String, I) -> Fu + 'static,
    then: impl Fn() + 'static,
) -> Action<I, Result<T, ApiError>>
where
    I: Clone + 'static,
    T: 'static,
    Fu: Future<Output = Result<T, ApiError>> + 'static,
{
    let toasts = Toasts::get();
    let then = std::rc::Rc::new(then);
    Action::new_local(move |input: &I| {
        let answer = call(sid.get_untracked(), input.clone());
        let then = then.clone();
        async move {
            let result = answer.await;
            toasts.outcome(&result, done(t()));
            if result.is_ok() {
                then();
            }
            result
        }
    })
}

/// One `<option>` per person of the conversation, valued by their participant SID; the one
/// `chosen` names stays selected when the people are read again (their windows change as they write).
#[component]
fn PeopleOptions(people: Signal<Vec<ParticipantView>>, chosen: RwSignal<String>) -> impl IntoView {
    move || {
        people
            .get()
            .into_iter()
            .map(|p| {
                let sid = p.sid.clone();
                let selected = move || chosen.with(|c| c == &sid);
                view! { <option value=p.sid.clone() selected=selected>{side(&p)}</option> }
            })
            .collect_view()
    }
}

/// What `then` makes of the templates once they are read, or why they could not be.
#[component]
fn WithTemplates<V>(
    templates: Templates,
    then: impl Fn(Vec<TemplateView>) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="loading">{tr(|t| t.loading)}</p> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) => then(list).into_any(),
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
