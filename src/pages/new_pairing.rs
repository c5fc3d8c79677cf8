use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use switchboard_core::Channel;
use switchboard_core::api::{PairingCheck, PairingRequest};

use crate::api;
use crate::components::route_diagram::{RouteDiagram, RouteEnd, route_nodes};
use crate::components::side_card::{SideCard, SideForm};
use crate::components::toasts::Toasts;
use crate::i18n::{self, t};
use crate::people::{phone, typed_number};

/// The conversation's name when the operator gives none: `Order 8812 — Robert ⇄ Alicia`.
pub fn default_name(reference: &str, left: &str, right: &str) -> String {
    let people = i18n::pair_name(left.trim(), right.trim());
    match reference.trim() {
        "" => people,
        reference => i18n::order_name(reference, &people),
    }
}

/// The visual pairing board: two people side by side, the route between them, conflicts before Pair.
#[component]
pub fn NewPairingPage() -> impl IntoView {
    let toasts = Toasts::get();
    let navigate = use_navigate();
    let left = SideForm::new(Channel::Whatsapp);
    let right = SideForm::new(Channel::Sms);
    let reference = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let pool = LocalResource::new(api::numbers);
    let pool = Signal::derive(move || pool.get().and_then(Result::ok));
    let check = RwSignal::new(None::<PairingCheck>);
    let busy = RwSignal::new(false);
    let request = move || {
        let label = |form: SideForm| {
            let typed = form.name.get();
            if typed.trim().is_empty() {
                phone(&form.number.get())
            } else {
                typed
            }
        };
        let friendly = name.get();
        PairingRequest {
            friendly_name: if friendly.trim().is_empty() {
                default_name(&reference.get(), &label(left), &label(right))
            } else {
                friendly
            },
            reference: Some(reference.get()).filter(|r| !r.trim().is_empty()),
            sides: [left.side(), right.side()],
        }
    };
    Effect::new(move |_| {
        let wanted = request();
        if !(left.valid() && right.valid()) {
            check.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let answer = api::check_pairing(wanted.clone()).await;
            // The operator may have paired and left the board while this check was on its way.
            if check.is_disposed() {
                return;
            }
            if request_untracked_matches(&wanted, left, right) {
                match answer {
                    Ok(found) => check.set(Some(found)),
                    Err(e) => toasts.failed(e.message),
                }
            }
        });
    });
    let side_check =
        move |i: usize| Signal::derive(move || check.get().map(|c| c.sides[i].clone()));
    let nodes = Signal::derive(move || {
        let end = |form: SideForm, i: usize| RouteEnd {
            name: Some(form.name.get())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| t().person_unnamed.to_owned()),
            number: typed_number(&form.number.get(), form.channel.get())
                .ok()
                .map(|a| phone(a.e164())),
            channel: form.channel.get(),
            proxy: check
                .get()
                .and_then(|c| c.sides[i].proxy.clone())
                .or_else(|| Some(form.proxy.get()).filter(|p| !p.is_empty())),
        };
        route_nodes(&end(left, 0), &end(right, 1))
    });
    let ready = move || check.get().is_some_and(|c| c.ready) && !busy.get();
    let pair = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut wanted = request();
        if let Some(found) = check.get_untracked() {
            for (side, checked) in wanted.sides.iter_mut().zip(found.sides) {
                side.proxy = checked.proxy.or(side.proxy.take());
            }
        }
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::create_pairing(wanted).await;
            busy.set(false);
            toasts.outcome(&result, t().paired);
            if let Ok(created) = result {
                navigate(
                    &format!("/conversations/{}", created.conversation_sid),
                    Default::default(),
                );
            }
        });
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{t().new_pairing}</h1>
            <p class="hint">{t().pairing_intro}" "<A href="/pairings/import">{t().import_link}</A></p>
            <form class="pairing-board" on:submit=pair>
                <div class="form form-inline">
                    <label for="pairing-reference">{t().pairing_reference}</label>
                    <input id="pairing-reference" bind:value=reference placeholder="8812"/>
                    <label for="pairing-name">{t().pairing_name}</label>
                    <input id="pairing-name" bind:value=name placeholder=move || request().friendly_name/>
                </div>
                <div class="board">
                    <SideCard form=left id="a" heading=t().first_person pool check=side_check(0)/>
                    <div class="board-route">
                        <RouteDiagram nodes/>
                    </div>
                    <SideCard form=right id="b" heading=t().second_person pool check=side_check(1)/>
                </div>
                <p class="hint" role="status">
                    {move || match check.get() {
                        None => t().pairing_fill_both,
                        Some(c) if c.ready => t().pairing_ready,
                        Some(_) => t().pairing_blocked,
                    }}
                </p>
                <button type="submit" class="button button-large" disabled=move || !ready()>{t().pair}</button>
            </form>
        </section>
    }
}

/// A check answer counts only if the board still shows what was checked.
fn request_untracked_matches(checked: &PairingRequest, left: SideForm, right: SideForm) -> bool {
    let now = [left, right].map(|form| form.side_untracked());
    checked.sides == now
}
