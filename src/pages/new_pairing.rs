//! The visual pairing board: two people side by side, the route between them, conflicts before Pair.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use switchboard_core::Channel;
use switchboard_core::api::{PairingCheck, PairingEnd, PairingRequest};

use crate::api;
use crate::components::pairing_end::{EndChoice, EndSelect, end_words};
use crate::components::route_diagram::{RouteDiagram, RouteEnd, RouteNode, route_nodes};
use crate::components::side_card::{SideCard, SideForm};
use crate::components::toasts::Toasts;
use crate::i18n::{self, t, tr};
use crate::people::{phone, typed_number};

/// The conversation's name when the operator gives none: `Order 8812 — Robert ⇄ Alicia`.
pub fn default_name(reference: &str, left: &str, right: &str) -> String {
    let people = i18n::pair_name(left.trim(), right.trim());
    match reference.trim() {
        "" => people,
        reference => i18n::order_name(reference, &people),
    }
}

/// What the operator has put on the board.
#[derive(Clone, Copy)]
struct Board {
    left: SideForm,
    right: SideForm,
    reference: RwSignal<String>,
    name: RwSignal<String>,
}

impl Board {
    fn new() -> Board {
        Board {
            left: SideForm::new(Channel::Whatsapp),
            right: SideForm::new(Channel::Sms),
            reference: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
        }
    }

    /// Both numbers can be checked.
    fn complete(&self) -> bool {
        self.left.valid() && self.right.valid()
    }

    /// The pairing as the board shows it, named after its people when the operator gave no name.
    fn request(&self) -> PairingRequest {
        let label = |form: SideForm| {
            let typed = form.name.get();
            if typed.trim().is_empty() {
                phone(&form.number.get())
            } else {
                typed
            }
        };
        let friendly = self.name.get();
        let reference = self.reference.get();
        PairingRequest {
            friendly_name: if friendly.trim().is_empty() {
                default_name(&reference, &label(self.left), &label(self.right))
            } else {
                friendly
            },
            reference: Some(reference).filter(|r| !r.trim().is_empty()),
            sides: [self.left.side(), self.right.side()],
            end: None,
        }
    }

    /// The server's check of the board, asked again whenever the board changes; an answer to a
    /// board since changed is dropped. A failed check is told in a toast.
    fn checked(self) -> Signal<Option<PairingCheck>> {
        let toasts = Toasts::get();
        let checked = LocalResource::new(move || {
            let wanted = self.request();
            let complete = self.complete();
            async move {
                if !complete {
                    return None;
                }
                let answer = api::check_pairing(wanted).await;
                if let Err(e) = &answer {
                    toasts.failed(e.message.clone());
                }
                answer.ok()
            }
        });
        Signal::derive(move || checked.get().flatten())
    }

    /// The route drawn between the two people, with the business numbers the check chose.
    fn route(&self, check: Option<PairingCheck>) -> Vec<RouteNode> {
        let end = |form: SideForm, i: usize| RouteEnd {
            name: Some(form.name.get())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| t().person_unnamed.to_owned()),
            number: typed_number(&form.number.get(), form.channel.get())
                .ok()
                .map(|a| phone(a.e164())),
            channel: form.channel.get(),
            proxy: check
                .as_ref()
                .and_then(|c| c.sides[i].proxy.clone())
                .or_else(|| Some(form.proxy.get()).filter(|p| !p.is_empty())),
        };
        route_nodes(&end(self.left, 0), &end(self.right, 1))
    }
}

#[component]
pub fn NewPairingPage() -> impl IntoView {
    let toasts = Toasts::get();
    let navigate = use_navigate();
    let board = Board::new();
    let Board {
        left,
        right,
        reference,
        name,
    } = board;
    let pool = LocalResource::new(api::numbers);
    let pool = Signal::derive(move || pool.get().and_then(Result::ok));
    let check = board.checked();
    let settings = LocalResource::new(api::settings);
    let default_end = Signal::derive(move || {
        settings
            .get()
            .and_then(Result::ok)
            .map(|s| end_words(&s.pairing_end))
            .unwrap_or_default()
    });
    let end = RwSignal::new(EndChoice::Default);
    let create = Action::new_local(move |wanted: &PairingRequest| {
        let wanted = wanted.clone();
        let navigate = navigate.clone();
        async move {
            let result = api::create_pairing(wanted).await;
            toasts.outcome(&result, t().paired);
            if let Ok(created) = &result {
                navigate(
                    &format!("/conversations/{}", created.conversation_sid),
                    Default::default(),
                );
            }
            result
        }
    });
    let side_check =
        move |i: usize| Signal::derive(move || check.get().map(|c| c.sides[i].clone()));
    let nodes = Signal::derive(move || board.route(check.get()));
    let ready = move || check.get().is_some_and(|c| c.ready) && !create.pending().get();
    let pair = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut wanted = board.request();
        wanted.end = match end.get_untracked() {
            EndChoice::Default => None,
            choice => Some(PairingEnd::closing_after_or_never(choice.minutes())),
        };
        if let Some(found) = check.get_untracked() {
            for (side, checked) in wanted.sides.iter_mut().zip(found.sides) {
                side.proxy = checked.proxy.or(side.proxy.take());
            }
        }
        create.dispatch(wanted);
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.new_pairing)}</h1>
            <p class="hint">{tr(|t| t.pairing_intro)}" "<A href="/pairings/import">{tr(|t| t.import_link)}</A></p>
            <form class="pairing-board" on:submit=pair>
                <div class="form form-inline">
                    <label for="pairing-reference">{tr(|t| t.pairing_reference)}</label>
                    <input id="pairing-reference" bind:value=reference placeholder="8812"/>
                    <label for="pairing-name">{tr(|t| t.pairing_name)}</label>
                    <input id="pairing-name" bind:value=name placeholder=move || board.request().friendly_name/>
                </div>
                <div class="board">
                    <SideCard form=left id="a" heading=|t| t.first_person pool check=side_check(0)/>
                    <div class="board-route">
                        <RouteDiagram nodes/>
                    </div>
                    <SideCard form=right id="b" heading=|t| t.second_person pool check=side_check(1)/>
                </div>
                <div class="form form-inline">
                    <label for="pairing-end">{tr(|t| t.pairing_end_label)}</label>
                    <EndSelect id="pairing-end" chosen=end never=|t| t.end_never default=default_end/>
                </div>
                <p class="hint" role="status">
                    {move || match check.get() {
                        None => t().pairing_fill_both,
                        Some(c) if c.ready => t().pairing_ready,
                        Some(_) => t().pairing_blocked,
                    }}
                </p>
                <button type="submit" class="button button-large" disabled=move || !ready()>{tr(|t| t.pair)}</button>
            </form>
        </section>
    }
}
