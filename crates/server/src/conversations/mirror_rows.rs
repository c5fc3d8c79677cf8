//! The mirror's rows as the list shows them: each conversation with its people (their WhatsApp
//! windows judged at "now"), its last message and failure, and when Twilio last confirmed it.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;
use switchboard_core::Channel;
use switchboard_core::api::{
    ConversationRow, LastFailure, LastMessage, ParticipantView, WhatsappWindow,
};

use crate::db::Db;
use crate::views;

/// The columns [`row`] reads, from `mirror_conversations c`.
pub const COLUMNS: &str = "c.sid, c.unique_name, c.friendly_name, c.reference, c.state, \
    c.created_ms, c.updated_ms, c.activity_ms, c.last_message_index, c.last_message_ms, \
    c.last_message_author, c.last_message_preview, c.last_failure_index, \
    c.last_failure_participant, c.last_failure_code, c.last_failure_ms, c.confirmed_ms, \
    c.inactive_at_ms, c.closed_at_ms";

const WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// A time in UTC milliseconds as the API shows it: RFC 3339.
pub fn rfc3339_ms(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The rows, in their order, each with its people.
pub async fn rows(
    db: &Db,
    found: &[AnyRow],
    now_ms: i64,
) -> Result<Vec<ConversationRow>, sqlx::Error> {
    let sids = found
        .iter()
        .map(|r| r.try_get::<String, _>("sid"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut people = participants(db, &sids, now_ms).await?;
    found
        .iter()
        .zip(&sids)
        .map(|(r, sid)| row(r, people.remove(sid).unwrap_or_default()))
        .collect()
}

fn row(r: &AnyRow, participants: Vec<ParticipantView>) -> Result<ConversationRow, sqlx::Error> {
    let state: String = r.try_get("state")?;
    let last_message = match r.try_get::<Option<i64>, _>("last_message_index")? {
        Some(index) => Some(LastMessage {
            index,
            at: rfc3339_ms(r.try_get::<Option<i64>, _>("last_message_ms")?.unwrap_or(0)),
            author: r.try_get("last_message_author")?,
            preview: r.try_get("last_message_preview")?,
        }),
        None => None,
    };
    let last_failure = match (
        r.try_get::<Option<i64>, _>("last_failure_index")?,
        r.try_get::<Option<String>, _>("last_failure_participant")?,
    ) {
        (Some(message_index), Some(participant_sid)) => Some(LastFailure {
            message_index,
            participant_sid,
            error_code: r.try_get("last_failure_code")?,
            at: rfc3339_ms(r.try_get::<Option<i64>, _>("last_failure_ms")?.unwrap_or(0)),
        }),
        _ => None,
    };
    Ok(ConversationRow {
        sid: r.try_get("sid")?,
        friendly_name: r.try_get("friendly_name")?,
        unique_name: r.try_get("unique_name")?,
        state: views::state(&state),
        date_created: rfc3339_ms(r.try_get("created_ms")?),
        date_updated: Some(rfc3339_ms(r.try_get("updated_ms")?)),
        reference: r.try_get("reference")?,
        participants,
        last_message,
        last_failure,
        confirmed_at: Some(rfc3339_ms(r.try_get("confirmed_ms")?)),
        ending: views::ending(
            r.try_get::<Option<i64>, _>("inactive_at_ms")?
                .map(rfc3339_ms),
            r.try_get::<Option<i64>, _>("closed_at_ms")?.map(rfc3339_ms),
            &state,
        ),
    })
}

/// The people of each conversation in `sids`, by conversation.
async fn participants(
    db: &Db,
    sids: &[String],
    now_ms: i64,
) -> Result<HashMap<String, Vec<ParticipantView>>, sqlx::Error> {
    let mut by_conversation: HashMap<String, Vec<ParticipantView>> = HashMap::new();
    if sids.is_empty() {
        return Ok(by_conversation);
    }
    let placeholders: Vec<String> = (1..=sids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT sid, conversation_sid, channel, address, proxy_address, identity, name, last_inbound_ms \
         FROM mirror_participants WHERE removed_ms IS NULL AND conversation_sid IN ({}) ORDER BY created_ms, sid",
        placeholders.join(", ")
    );
    // Only numbered placeholders are written into the text.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for sid in sids {
        query = query.bind(sid.clone());
    }
    for r in query.fetch_all(db).await? {
        let conversation: String = r.try_get("conversation_sid")?;
        by_conversation
            .entry(conversation)
            .or_default()
            .push(participant(&r, now_ms)?);
    }
    Ok(by_conversation)
}

fn participant(r: &AnyRow, now_ms: i64) -> Result<ParticipantView, sqlx::Error> {
    let channel = match r.try_get::<Option<String>, _>("channel")?.as_deref() {
        Some("whatsapp") => Some(Channel::Whatsapp),
        Some("sms") => Some(Channel::Sms),
        _ => None,
    };
    let window = (channel == Some(Channel::Whatsapp)).then(|| {
        match r
            .try_get::<Option<i64>, _>("last_inbound_ms")
            .ok()
            .flatten()
        {
            Some(wrote) if wrote + WINDOW_MS > now_ms => WhatsappWindow::Open {
                until: rfc3339_ms(wrote + WINDOW_MS),
            },
            Some(wrote) if wrote > 0 => WhatsappWindow::Closed,
            _ => WhatsappWindow::NotYet,
        }
    });
    Ok(ParticipantView {
        sid: r.try_get("sid")?,
        name: r.try_get("name")?,
        channel,
        address: r.try_get("address")?,
        proxy_address: r.try_get("proxy_address")?,
        identity: r.try_get("identity")?,
        window,
        language: None,
    })
}
