//! How people, numbers and routes are shown: plain functions the pages share and the tests call.

use switchboard_core::api::{ConversationRow, DeliveryView, ParticipantView, WhatsappWindow};
use switchboard_core::{Address, Channel};

use crate::i18n::{self, t};

/// `whatsapp:+34600000001` → `+34 600 000 001`; `+15550100001` → `+1 555 010 0001`.
/// Text that is not a phone number is shown as it is.
pub fn phone(address: &str) -> String {
    let Ok(parsed) = Address::parse(address) else {
        return address.to_owned();
    };
    let digits = &parsed.e164()[1..];
    let (code, rest) = digits.split_at(switchboard_core::country::calling_code(digits).len());
    let mut groups = vec![format!("+{code}")];
    let mut rest = rest;
    while rest.len() > 4 {
        let (group, tail) = rest.split_at(3);
        groups.push(group.to_owned());
        rest = tail;
    }
    if !rest.is_empty() {
        groups.push(rest.to_owned());
    }
    groups.join(" ")
}

pub fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => t().channel_sms,
        Channel::Whatsapp => t().channel_whatsapp,
    }
}

/// The channel an address travels on: `whatsapp:` or not.
pub fn channel_of(address: &str) -> Channel {
    if address.starts_with("whatsapp:") {
        Channel::Whatsapp
    } else {
        Channel::Sms
    }
}

/// What the operator calls this person: the name given at pairing, else their number.
pub fn person(participant: &ParticipantView) -> String {
    participant
        .name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .or_else(|| participant.address.as_deref().map(phone))
        .or_else(|| participant.identity.clone())
        .unwrap_or_else(|| participant.sid.clone())
}

/// `Robert · WhatsApp`
pub fn side(participant: &ParticipantView) -> String {
    match participant.channel {
        Some(channel) => i18n::labelled(&person(participant), channel_name(channel)),
        None => person(participant),
    }
}

/// `Robert · WhatsApp ⇄ Alicia · SMS`
pub fn pairing(participants: &[ParticipantView]) -> String {
    participants
        .iter()
        .map(side)
        .reduce(|left, right| i18n::pair_name(&left, &right))
        .unwrap_or_default()
}

/// The conversation's name, or its pairing when it has none.
pub fn conversation_name(row: &ConversationRow) -> String {
    row.friendly_name
        .clone()
        .or_else(|| row.unique_name.clone())
        .unwrap_or_else(|| t().unnamed_conversation.to_owned())
}

/// The 24-hour window as a badge: its words and its CSS class; `None` for SMS.
pub fn window_badge(window: Option<&WhatsappWindow>) -> Option<(&'static str, &'static str)> {
    match window? {
        WhatsappWindow::Open { .. } => Some((t().window_open, "window-open")),
        WhatsappWindow::Closed => Some((t().window_closed, "window-closed")),
        WhatsappWindow::NotYet => Some((t().window_not_yet, "window-closed")),
    }
}

/// A delivery receipt in words: `Delivered`, or `Failed: not delivered: …` with the reason.
pub fn delivery(receipt: &DeliveryView) -> (String, &'static str) {
    let (word, class) = match receipt.status.as_str() {
        "sent" => (t().delivery_sent, "delivery-sent"),
        "delivered" => (t().delivery_delivered, "delivery-delivered"),
        "read" => (t().delivery_read, "delivery-read"),
        "failed" | "undelivered" => (t().delivery_failed, "delivery-failed"),
        _ => (t().delivery_pending, "delivery-sent"),
    };
    match receipt.error_code {
        Some(code) if class == "delivery-failed" => (
            i18n::delivery_reason(word, &i18n::delivery_failure(code)),
            class,
        ),
        _ => (word.to_owned(), class),
    }
}

/// What a typed phone number will become on `channel`, or why it cannot.
pub fn typed_number(text: &str, channel: Channel) -> Result<Address, String> {
    Address::on(text, channel).map_err(|e| i18n::problem(&e.said(), e))
}
