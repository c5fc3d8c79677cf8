//! Twilio's resources turned into what the UI shows.

use serde_json::Value;
use switchboard_core::api::{
    ConversationRow, ConversationState, DeliveryView, Ending, MessageView, ParticipantView,
    WebhookView, WhatsappWindow,
};
use switchboard_core::{Address, Channel};
use switchboard_twilio::wire::{Conversation, Message, Participant, Receipt, ScopedWebhook};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// How long after a person's last WhatsApp message free-form messages still reach them.
pub const WHATSAPP_WINDOW: Duration = Duration::hours(24);

pub fn conversation_row(
    conversation: Conversation,
    participants: Vec<ParticipantView>,
) -> ConversationRow {
    let reference = conversation
        .attributes
        .as_deref()
        .and_then(|a| serde_json::from_str::<Value>(a).ok())
        .and_then(|a| {
            a.get("reference")
                .or_else(|| a.get("order"))
                .and_then(|r| r.as_str().map(str::to_owned))
        });
    let timers = conversation.timers.clone().unwrap_or_default();
    ConversationRow {
        state: state(&conversation.state),
        sid: conversation.sid,
        friendly_name: conversation.friendly_name,
        unique_name: conversation.unique_name,
        date_created: conversation.date_created,
        date_updated: conversation.date_updated,
        reference,
        participants,
        last_message: None,
        last_failure: None,
        confirmed_at: None,
        ending: ending(
            timers.date_inactive,
            timers.date_closed,
            &conversation.state,
        ),
    }
}

/// A time as the API shows it: RFC 3339, UTC.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// When the timers fall due; nothing for a closed conversation or one without timers.
pub fn ending(
    inactive_at: Option<String>,
    closes_at: Option<String>,
    state: &str,
) -> Option<Ending> {
    if state == "closed" || (inactive_at.is_none() && closes_at.is_none()) {
        return None;
    }
    let inactive_at = inactive_at.filter(|_| state == "active");
    Some(Ending {
        inactive_at,
        closes_at,
    })
}

pub fn state(text: &str) -> ConversationState {
    match text {
        "initializing" => ConversationState::Initializing,
        "inactive" => ConversationState::Inactive,
        "closed" => ConversationState::Closed,
        _ => ConversationState::Active,
    }
}

/// A participant with its WhatsApp window, judged from `messages` (any order) at `now`.
pub fn participant(
    participant: Participant,
    messages: &[Message],
    now: OffsetDateTime,
) -> ParticipantView {
    let binding = participant.messaging_binding.as_ref();
    let address = binding.and_then(|b| b.address.clone());
    let channel = address
        .as_deref()
        .and_then(|a| Address::parse(a).ok())
        .map(|a| a.channel());
    let window = (channel == Some(Channel::Whatsapp)).then(|| window(&participant, messages, now));
    let attributes = participant
        .attributes
        .as_deref()
        .and_then(|a| serde_json::from_str::<Value>(a).ok());
    let attribute = |key: &str| {
        attributes
            .as_ref()
            .and_then(|a| a.get(key)?.as_str().map(str::to_owned))
    };
    let (name, language) = (attribute("name"), attribute("language"));
    ParticipantView {
        name,
        channel,
        address,
        proxy_address: binding.and_then(|b| b.proxy_address.clone()),
        identity: participant.identity,
        window,
        language,
        sid: participant.sid,
    }
}

/// Open until 24 hours after the person's own last message written on their phone; `NotYet` when
/// none of `messages` is one.
fn window(participant: &Participant, messages: &[Message], now: OffsetDateTime) -> WhatsappWindow {
    let last_inbound = messages
        .iter()
        .filter(|m| written_by(m) == Some(participant.sid.as_str()))
        .filter_map(|m| OffsetDateTime::parse(m.date_created.as_deref()?, &Rfc3339).ok())
        .max();
    match last_inbound.map(|at| at + WHATSAPP_WINDOW) {
        Some(until) if until > now => WhatsappWindow::Open {
            until: until.format(&Rfc3339).unwrap_or_default(),
        },
        Some(_) => WhatsappWindow::Closed,
        None => WhatsappWindow::NotYet,
    }
}

/// The attributes of every message Switchboard sends, naming who sent it: a message made in a
/// person's name is then never taken for one they wrote, which alone opens their WhatsApp window.
pub fn sent_here(by: &str) -> String {
    serde_json::json!({ "switchboard": { "sent_by": by } }).to_string()
}

/// Who sent a message through Switchboard, from its attributes; `None` for any other message.
pub fn sent_by(attributes: Option<&str>) -> Option<String> {
    let attributes = serde_json::from_str::<Value>(attributes?).ok()?;
    let by = attributes.get("switchboard")?.get("sent_by")?;
    Some(by.as_str().unwrap_or_default().to_owned())
}

/// The participant who wrote `message` on their own phone: its participant, unless Switchboard sent
/// it in their name.
pub fn written_by(message: &Message) -> Option<&str> {
    if sent_by(message.attributes.as_deref()).is_some() {
        return None;
    }
    message.participant_sid.as_deref()
}

pub fn message(message: Message, receipts: Vec<Receipt>) -> MessageView {
    let deliveries = if receipts.is_empty() {
        summary_deliveries(message.delivery.as_ref())
    } else {
        receipts.into_iter().map(delivery).collect()
    };
    MessageView {
        sid: message.sid,
        index: message.index,
        author: message.author,
        participant_sid: message.participant_sid,
        body: message.body,
        template_sid: message.content_sid,
        date_created: message.date_created,
        deliveries,
        sent_by: sent_by(message.attributes.as_deref()),
    }
}

/// Whether the message's delivery summary shows a failure, so its receipts are worth fetching.
pub fn has_failures(message: &Message) -> bool {
    let Some(delivery) = message.delivery.as_ref() else {
        return false;
    };
    ["failed", "undelivered"].iter().any(|k| {
        delivery
            .get(*k)
            .and_then(Value::as_str)
            .is_some_and(|v| v != "none")
    })
}

/// Without receipts, the summary's best state stands for every recipient.
fn summary_deliveries(delivery: Option<&Value>) -> Vec<DeliveryView> {
    let Some(delivery) = delivery else {
        return Vec::new();
    };
    let status = ["read", "delivered", "sent"].into_iter().find(|k| {
        delivery
            .get(*k)
            .and_then(Value::as_str)
            .is_some_and(|v| v == "all" || v == "some")
    });
    status
        .map(|status| {
            vec![DeliveryView {
                participant_sid: None,
                status: status.to_owned(),
                error_code: None,
                reason: None,
            }]
        })
        .unwrap_or_default()
}

/// A receipt's outcome; its `error_code` 0 means no error.
fn delivery(receipt: Receipt) -> DeliveryView {
    let error_code = receipt.error_code.filter(|code| *code != 0);
    DeliveryView {
        reason: error_code.map(reason),
        participant_sid: receipt.participant_sid,
        status: receipt.status,
        error_code,
    }
}

/// A delivery error code in plain English, the catalog's words (the UI shows its own language's).
pub fn reason(code: i64) -> String {
    let english = &switchboard_catalog::EN;
    match english.delivery_failure(code) {
        Some(words) => words.to_owned(),
        None => english.reason_other.replace("{code}", &code.to_string()),
    }
}

pub fn webhook(webhook: ScopedWebhook) -> WebhookView {
    let configuration = webhook.configuration;
    WebhookView {
        sid: webhook.sid,
        target: webhook.target,
        url: configuration.url,
        method: configuration.method,
        filters: configuration.filters.unwrap_or_default(),
        triggers: configuration.triggers.unwrap_or_default(),
        flow_sid: configuration.flow_sid,
    }
}
