//! One person on the pairing board: name, channel, phone number checked as typed, business number.

use leptos::prelude::*;
use leptos_router::components::A;
use switchboard_core::api::{NumberPool, PairConflict, PairingSide, SideCheck};
use switchboard_core::{Channel, Language};

use crate::format::language_name;
use crate::i18n::{self, Words, t, tr};
use crate::people::{phone, typed_number};

/// What the operator has typed for one side, as signals.
#[derive(Clone, Copy)]
pub struct SideForm {
    pub name: RwSignal<String>,
    pub channel: RwSignal<Channel>,
    pub number: RwSignal<String>,
    /// Empty: chosen automatically.
    pub proxy: RwSignal<String>,
    /// The person's language tag; empty: not known.
    pub language: RwSignal<String>,
}

impl SideForm {
    pub fn new(channel: Channel) -> SideForm {
        SideForm {
            name: RwSignal::new(String::new()),
            channel: RwSignal::new(channel),
            number: RwSignal::new(String::new()),
            proxy: RwSignal::new(String::new()),
            language: RwSignal::new(String::new()),
        }
    }

    pub fn side(&self) -> PairingSide {
        PairingSide {
            name: Some(self.name.get()).filter(|n| !n.trim().is_empty()),
            channel: self.channel.get(),
            number: self.number.get(),
            proxy: Some(self.proxy.get()).filter(|p| !p.is_empty()),
            language: Some(self.language.get()).filter(|l| !l.is_empty()),
        }
    }

    pub fn valid(&self) -> bool {
        typed_number(&self.number.get(), self.channel.get()).is_ok()
    }
}

/// What the server's check found wrong with a side the browser could read (the business number,
/// both sides the same person), in the operator's words.
fn server_problem(check: SideCheck) -> Option<String> {
    let english = check.problem?;
    Some(
        check
            .said
            .as_ref()
            .and_then(i18n::refusal)
            .unwrap_or(english),
    )
}

#[component]
pub fn SideCard(
    form: SideForm,
    /// `a` or `b`: keeps the ids of the two cards apart.
    id: &'static str,
    heading: Words,
    pool: Signal<Option<NumberPool>>,
    check: Signal<Option<SideCheck>>,
) -> impl IntoView {
    let number_id = format!("{id}-number");
    let problem_id = format!("{id}-problem");
    let parsed = move || {
        let typed = form.number.get();
        (!typed.trim().is_empty()).then(|| typed_number(&typed, form.channel.get()))
    };
    let channel_button = move |channel: Channel, label: Words| {
        view! {
            <button
                type="button"
                class="toggle"
                aria-pressed=move || (form.channel.get() == channel).to_string()
                on:click=move |_| {
                    form.channel.set(channel);
                    form.proxy.set(String::new());
                }
            >
                {move || label(t())}
            </button>
        }
    };
    let proxies = move || {
        pool.get()
            .map(|pool| match form.channel.get() {
                Channel::Sms => pool.sms,
                Channel::Whatsapp => pool.whatsapp,
            })
            .unwrap_or_default()
    };
    view! {
        <fieldset class="side-card">
            <legend>{move || heading(t())}</legend>
            <label for=format!("{id}-name")>{tr(|t| t.person_name)}</label>
            <input id=format!("{id}-name") bind:value=form.name autocomplete="off"/>
            <div class="toggle-group" role="group" aria-label=tr(|t| t.channel)>
                {channel_button(Channel::Whatsapp, |t| t.channel_whatsapp)}
                {channel_button(Channel::Sms, |t| t.channel_sms)}
            </div>
            <label for=number_id.clone()>{tr(|t| t.phone_number)}</label>
            <input
                id=number_id
                type="tel"
                inputmode="tel"
                autocomplete="off"
                placeholder="+34 600 000 001"
                prop:value=move || form.number.get()
                on:input=move |ev| form.number.set(event_target_value(&ev))
                on:blur=move |_| {
                    if let Some(Ok(address)) = parsed() {
                        form.number.set(phone(address.e164()));
                    }
                }
                aria-invalid=move || matches!(parsed(), Some(Err(_))).to_string()
                aria-describedby=problem_id.clone()
            />
            <p id=problem_id class="field-problem" aria-live="polite">
                {move || match parsed() {
                    Some(Err(problem)) => problem,
                    Some(Ok(address)) => check.get().and_then(server_problem).unwrap_or_else(|| {
                        i18n::number_understood(&phone(&address.to_string()))
                    }),
                    None => String::new(),
                }}
            </p>
            <label for=format!("{id}-proxy")>{tr(|t| t.our_number_for_them)}</label>
            <select id=format!("{id}-proxy") prop:value=move || form.proxy.get() on:change=move |ev| form.proxy.set(event_target_value(&ev))>
                <option value="">{tr(|t| t.chosen_automatically_option)}</option>
                {move || proxies().into_iter().map(|p| view! { <option value=p.clone()>{phone(&p)}</option> }).collect_view()}
            </select>
            {move || check.get().and_then(|c| c.conflict).map(|conflict| view! { <Conflict conflict proxy=form.proxy/> })}
            <label for=format!("{id}-language")>{tr(|t| t.person_language)}</label>
            <select id=format!("{id}-language") prop:value=move || form.language.get() on:change=move |ev| form.language.set(event_target_value(&ev))>
                <option value="">{tr(|t| t.language_not_known)}</option>
                {Language::ALL.map(|language| view! {
                    <option value=language.tag()>{move || language_name(language.tag())}</option>
                }).collect_view()}
            </select>
        </fieldset>
    }
}

/// The pair is already in another conversation: which one, and the free business number to use
/// instead when there is one.
#[component]
fn Conflict(conflict: PairConflict, proxy: RwSignal<String>) -> impl IntoView {
    let name = conflict
        .friendly_name
        .clone()
        .unwrap_or(conflict.conversation_sid.clone());
    view! {
        <div class="notice notice-error conflict" role="alert">
            <p>{i18n::pair_taken(&name)}</p>
            <div class="actions">
                {conflict.free_proxy.map(|free| {
                    let label = i18n::use_free_number(&phone(&free));
                    view! { <button type="button" class="button" on:click=move |_| proxy.set(free.clone())>{label}</button> }
                })}
                <A href=format!("/conversations/{}", conflict.conversation_sid) attr:class="button-quiet">{tr(|t| t.open_that_conversation)}</A>
            </div>
        </div>
    }
}
