//! The conversation's messages, oldest first, each with who wrote it and what became of it per recipient.

use leptos::prelude::*;
use switchboard_core::api::{ConversationDetail, MessageView, ParticipantView};

use crate::format::local_time;
use crate::i18n::{self, t, tr};
use crate::people::{delivery, person, side};

/// Who wrote a message, as the operator knows them: a participant, or the business itself.
pub fn author_of(message: &MessageView, people: &[ParticipantView]) -> String {
    let by_sid = message
        .participant_sid
        .as_ref()
        .and_then(|sid| people.iter().find(|p| &p.sid == sid));
    let by_address = || {
        message
            .author
            .as_ref()
            .and_then(|author| people.iter().find(|p| p.address.as_ref() == Some(author)))
    };
    match by_sid.or_else(by_address) {
        Some(participant) => side(participant),
        None => message
            .author
            .clone()
            .filter(|a| a != "system")
            .unwrap_or_else(|| t().the_business.to_owned()),
    }
}

#[component]
pub fn Timeline(detail: Signal<Option<ConversationDetail>>) -> impl IntoView {
    let messages = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| (d.messages.clone(), d.conversation.participants.clone()))
                .unwrap_or_default()
        })
    };
    view! {
        {move || {
            let (messages, people) = messages();
            if messages.is_empty() {
                return view! { <p class="empty">{tr(|t| t.no_messages)}</p> }.into_any();
            }
            view! {
                <ol class="timeline">
                    {messages.into_iter().map(|message| view! { <Message message people=people.clone()/> }).collect_view()}
                </ol>
            }
            .into_any()
        }}
    }
}

#[component]
fn Message(message: MessageView, people: Vec<ParticipantView>) -> impl IntoView {
    let author = author_of(&message, &people);
    let body = match (&message.body, &message.template_sid) {
        (Some(body), _) if !body.is_empty() => body.clone(),
        (_, Some(template)) => i18n::template_message(template),
        _ => String::new(),
    };
    let when = message.date_created.clone().unwrap_or_default();
    let receipts = message
        .deliveries
        .iter()
        .map(|receipt| {
            let to = receipt
                .participant_sid
                .as_ref()
                .and_then(|sid| people.iter().find(|p| &p.sid == sid))
                .map(person);
            let (words, class) = delivery(receipt);
            let words = match to {
                Some(to) => i18n::delivery_to(&to, &words),
                None => words,
            };
            view! { <li class=format!("delivery {class}")>{words}</li> }
        })
        .collect_view();
    view! {
        <li class="message" data-index=message.index>
            <div class="message-meta">
                <strong>{author}</strong>
                <time datetime=when.clone()>{local_time(&when)}</time>
                {message.sent_by.as_deref().map(|by| view! { <span class="sent-by">{i18n::sent_by(by)}</span> })}
            </div>
            <p class="message-body">{body}</p>
            <ul class="deliveries">{receipts}</ul>
        </li>
    }
}
