//! What the mirror keeps of a conversation and its people, made from Twilio's records (a read or an
//! event's fields) without any I/O, so the walk, the reconcile and the events agree on every column.

use serde_json::Value;
use switchboard_core::api::PairingEnd;
use switchboard_core::{Address, Channel};
use switchboard_twilio::wire::{Conversation, Message, Participant};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How long after a person's own last WhatsApp message free-form messages still reach them.
pub const WINDOW_MS: i64 = 24 * 3600 * 1000;
/// The longest preview of a message the mirror keeps.
pub const PREVIEW_CHARS: usize = 80;

/// A conversation's own fields (not those derived from its participants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationFields {
    pub sid: String,
    pub unique_name: Option<String>,
    pub friendly_name: Option<String>,
    pub reference: Option<String>,
    pub state: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub inactive_at_ms: Option<i64>,
    pub closed_at_ms: Option<i64>,
    /// The timers' lengths Switchboard set (the attributes' `end`), which each message restarts.
    pub inactive_after_ms: Option<i64>,
    pub close_after_ms: Option<i64>,
}

/// A participant as the mirror keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantFields {
    pub sid: String,
    pub conversation_sid: String,
    /// `sms`, `whatsapp`, or `None` for a chat participant.
    pub channel: Option<&'static str>,
    pub address: Option<String>,
    pub proxy_address: Option<String>,
    pub identity: Option<String>,
    pub name: Option<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// A conversation's newest message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastMessage {
    pub index: i64,
    pub at_ms: i64,
    pub author: Option<String>,
    pub preview: Option<String>,
}

/// UTC milliseconds of an RFC 3339 time, if it is one.
pub fn millis(text: Option<&str>) -> Option<i64> {
    let at = OffsetDateTime::parse(text?, &Rfc3339).ok()?;
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
}

/// The attributes' `reference` (or `order`), as the list shows it.
pub fn reference(attributes: Option<&str>) -> Option<String> {
    let attributes = serde_json::from_str::<Value>(attributes?).ok()?;
    attributes
        .get("reference")
        .or_else(|| attributes.get("order"))
        .and_then(|r| r.as_str().map(str::to_owned))
}

/// The attributes' `end`: the timers' lengths a pairing was made (or extended) with.
pub fn end(attributes: Option<&str>) -> Option<PairingEnd> {
    let attributes = serde_json::from_str::<Value>(attributes?).ok()?;
    serde_json::from_value(attributes.get("end")?.clone()).ok()
}

/// The attributes' `end` in milliseconds: (inactive, close).
pub fn end_ms(attributes: Option<&str>) -> (Option<i64>, Option<i64>) {
    let end = end(attributes).unwrap_or_default();
    let ms = |m: Option<u32>| m.map(|m| i64::from(m) * 60_000);
    (ms(end.inactive_after_minutes), ms(end.close_after_minutes))
}

/// The attributes' `name`, as a participant's display name.
pub fn person_name(attributes: Option<&str>) -> Option<String> {
    let attributes = serde_json::from_str::<Value>(attributes?).ok()?;
    attributes.get("name")?.as_str().map(str::to_owned)
}

/// `sms` or `whatsapp` for a phone address; `None` for anything else.
pub fn channel_of(address: Option<&str>) -> Option<&'static str> {
    match Address::parse(address?).ok()?.channel() {
        Channel::Sms => Some("sms"),
        Channel::Whatsapp => Some("whatsapp"),
    }
}

pub fn conversation(c: &Conversation) -> ConversationFields {
    let created_ms = millis(Some(&c.date_created)).unwrap_or_default();
    let timers = c.timers.clone().unwrap_or_default();
    let (inactive_after_ms, close_after_ms) = end_ms(c.attributes.as_deref());
    ConversationFields {
        sid: c.sid.clone(),
        unique_name: c.unique_name.clone(),
        friendly_name: c.friendly_name.clone(),
        reference: reference(c.attributes.as_deref()),
        state: c.state.clone(),
        created_ms,
        updated_ms: millis(c.date_updated.as_deref()).unwrap_or(created_ms),
        inactive_at_ms: millis(timers.date_inactive.as_deref()),
        closed_at_ms: millis(timers.date_closed.as_deref()),
        inactive_after_ms,
        close_after_ms,
    }
}

pub fn participant(p: &Participant) -> ParticipantFields {
    let binding = p.messaging_binding.as_ref();
    let address = binding.and_then(|b| b.address.clone());
    ParticipantFields {
        sid: p.sid.clone(),
        conversation_sid: p.conversation_sid.clone(),
        channel: channel_of(address.as_deref()),
        address,
        proxy_address: binding.and_then(|b| b.proxy_address.clone()),
        identity: p.identity.clone(),
        name: person_name(p.attributes.as_deref()),
        created_ms: millis(p.date_created.as_deref()).unwrap_or_default(),
        updated_ms: millis(p.date_updated.as_deref().or(p.date_created.as_deref()))
            .unwrap_or_default(),
    }
}

pub fn last_message(m: &Message) -> LastMessage {
    LastMessage {
        index: m.index,
        at_ms: millis(m.date_created.as_deref()).unwrap_or_default(),
        author: m.author.clone(),
        preview: preview(m.body.as_deref()),
    }
}

/// The first `PREVIEW_CHARS` characters of a message's text.
pub fn preview(body: Option<&str>) -> Option<String> {
    body.map(|b| b.chars().take(PREVIEW_CHARS).collect())
}

/// `sms`, `whatsapp`, `mixed`, or empty when nobody is on a phone.
pub fn channels<'a>(channels: impl IntoIterator<Item = &'a str>) -> &'static str {
    let (mut sms, mut whatsapp) = (false, false);
    for channel in channels {
        sms |= channel == "sms";
        whatsapp |= channel == "whatsapp";
    }
    match (sms, whatsapp) {
        (true, true) => "mixed",
        (true, false) => "sms",
        (false, true) => "whatsapp",
        (false, false) => "",
    }
}

/// The business numbers the people are reached through, in E.164 without `whatsapp:`, each once,
/// between spaces (` +15550001 +15550002 `), so `LIKE '% +15550001 %'` finds one exactly.
pub fn numbers<'a>(proxy_addresses: impl IntoIterator<Item = &'a str>) -> String {
    let mut found: Vec<&str> = proxy_addresses
        .into_iter()
        .map(|a| a.strip_prefix("whatsapp:").unwrap_or(a))
        .collect();
    found.sort_unstable();
    found.dedup();
    if found.is_empty() {
        String::new()
    } else {
        format!(" {} ", found.join(" "))
    }
}

/// The lower-cased text a search looks in: names, reference, people's names, identities and addresses.
pub fn search_text(c: &ConversationFields, people: &[ParticipantFields]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(c.friendly_name.as_deref());
    parts.extend(c.unique_name.as_deref());
    parts.extend(c.reference.as_deref());
    for p in people {
        parts.extend(p.name.as_deref());
        parts.extend(p.identity.as_deref());
        parts.extend(p.address.as_deref());
        parts.extend(p.proxy_address.as_deref());
    }
    parts.join("\n").to_lowercase()
}

/// The earliest end of a WhatsApp person's window: `None` with no WhatsApp person, `Some(0)` when
/// one of them never wrote. `people` pairs each participant with their last own message (ms).
pub fn window_until(people: &[(Option<&str>, Option<i64>)]) -> Option<i64> {
    people
        .iter()
        .filter(|(channel, _)| *channel == Some("whatsapp"))
        .map(|(_, last)| last.map_or(0, |at| at + WINDOW_MS))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_columns() {
        assert_eq!(channels(["sms", "whatsapp"]), "mixed");
        assert_eq!(channels(["whatsapp"]), "whatsapp");
        assert_eq!(channels([]), "");
        assert_eq!(
            numbers(["whatsapp:+15550002", "+15550001", "+15550002"]),
            " +15550001 +15550002 "
        );
        assert_eq!(numbers([]), "");
        assert_eq!(
            reference(Some(r#"{"order":"A-7"}"#)).as_deref(),
            Some("A-7")
        );
        assert_eq!(
            window_until(&[(Some("whatsapp"), Some(10)), (Some("sms"), None)]),
            Some(10 + WINDOW_MS)
        );
        assert_eq!(
            window_until(&[(Some("whatsapp"), Some(10)), (Some("whatsapp"), None)]),
            Some(0)
        );
        assert_eq!(window_until(&[(None, None)]), None);
        assert_eq!(
            preview(Some(&"é".repeat(100))).map(|p| p.chars().count()),
            Some(80)
        );
        assert_eq!(millis(Some("1970-01-01T00:00:01Z")), Some(1000));
    }
}
