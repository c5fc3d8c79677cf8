//! The mirror's tables, written one fact at a time. Every write is conditioned so that an older
//! fact never replaces a newer one (Twilio's `date_updated`, a message's `index`) and a removed
//! conversation or participant stays removed.

use std::sync::LazyLock;

use sqlx::Row;

use super::row::{self, ConversationFields, LastMessage, ParticipantFields};
use super::runs::RECONCILE;
use crate::db::Db;

/// Locks that keep two reads of the same conversation from being written interleaved.
static WRITING: LazyLock<Vec<tokio::sync::Mutex<()>>> =
    LazyLock::new(|| (0..64).map(|_| tokio::sync::Mutex::new(())).collect());

/// Held while one read of `sid` is written (striped by SID, so unrelated ones rarely wait).
pub async fn writing(sid: &str) -> tokio::sync::MutexGuard<'static, ()> {
    let stripe = sid.bytes().fold(0usize, |h, b| {
        h.wrapping_mul(31).wrapping_add(usize::from(b))
    });
    WRITING[stripe % WRITING.len()].lock().await
}

/// Whether a read of `sid` begun at `read_ms` may be written: not when the row is removed or was
/// confirmed by a later read, nor, for a row the mirror lacks, when a reconcile began listing the
/// account after it (that reconcile saw the conversation, or saw it gone).
pub async fn read_is_newest(db: &Db, sid: &str, read_ms: i64) -> Result<bool, sqlx::Error> {
    let held = sqlx::query(
        "SELECT confirmed_ms, CASE WHEN removed_ms IS NULL THEN 0 ELSE 1 END AS removed \
         FROM mirror_conversations WHERE sid = $1",
    )
    .bind(sid)
    .fetch_optional(db)
    .await?;
    if let Some(held) = held {
        let confirmed: i64 = held.get("confirmed_ms");
        return Ok(held.get::<i64, _>("removed") == 0 && confirmed <= read_ms);
    }
    let reconciled: Option<Option<i64>> =
        sqlx::query_scalar("SELECT started_ms FROM mirror_runs WHERE name = $1")
            .bind(RECONCILE)
            .fetch_optional(db)
            .await?;
    Ok(reconciled
        .flatten()
        .is_none_or(|started| started <= read_ms))
}

/// How far an event's whole-second times may trail the moment they describe, with a second of
/// clock difference between Twilio and this server.
const EVENT_SLACK_MS: i64 = 2_000;

/// Whether an event about `sid` whose fact changed at `updated_ms` can still be news: not when a
/// read of the conversation (or a reconcile's list, for a row the mirror lacks) began well after
/// it, since that read already holds the fact or saw it gone. A late event must not bring back
/// what the read removed.
pub async fn event_may_be_news(db: &Db, sid: &str, updated_ms: i64) -> Result<bool, sqlx::Error> {
    if updated_ms <= 0 {
        return Ok(true);
    }
    read_is_newest(db, sid, updated_ms + EVENT_SLACK_MS).await
}

/// Stores a conversation's own fields unless the row is newer or removed; `true` when it changed.
/// `confirmed_ms` is when a read of Twilio began, 0 for an event (which confirms no read).
/// With `ties_win` (a read of Twilio) an equal `date_updated` replaces the row, without (an event,
/// whose order is not promised and whose times have whole seconds) it does not. Twilio's events do
/// not carry the timers, so an event keeps the times the row has unless the conversation closed.
pub async fn upsert_conversation(
    db: &Db,
    c: &ConversationFields,
    confirmed_ms: i64,
    ties_win: bool,
) -> Result<bool, sqlx::Error> {
    let newer = if ties_win { "<=" } else { "<" };
    let timer = |column: &str| {
        if ties_win {
            format!("{column} = excluded.{column}")
        } else {
            format!(
                "{column} = CASE WHEN excluded.state = 'closed' THEN NULL \
                 ELSE COALESCE(excluded.{column}, mirror_conversations.{column}) END"
            )
        }
    };
    let (inactive_at, closed_at) = (timer("inactive_at_ms"), timer("closed_at_ms"));
    let sql = format!(
        "INSERT INTO mirror_conversations (sid, unique_name, friendly_name, reference, state, created_ms, \
         updated_ms, activity_ms, inactive_at_ms, closed_at_ms, confirmed_ms, inactive_after_ms, close_after_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10, $11, $12) \
         ON CONFLICT (sid) DO UPDATE SET unique_name = excluded.unique_name, \
         friendly_name = excluded.friendly_name, reference = excluded.reference, state = excluded.state, \
         created_ms = excluded.created_ms, updated_ms = excluded.updated_ms, \
         {inactive_at}, {closed_at}, \
         inactive_after_ms = excluded.inactive_after_ms, close_after_ms = excluded.close_after_ms, \
         confirmed_ms = CASE WHEN excluded.confirmed_ms > mirror_conversations.confirmed_ms \
         THEN excluded.confirmed_ms ELSE mirror_conversations.confirmed_ms END \
         WHERE mirror_conversations.removed_ms IS NULL AND mirror_conversations.updated_ms {newer} excluded.updated_ms"
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&c.sid)
        .bind(&c.unique_name)
        .bind(&c.friendly_name)
        .bind(&c.reference)
        .bind(&c.state)
        .bind(c.created_ms)
        .bind(c.updated_ms)
        .bind(c.inactive_at_ms)
        .bind(c.closed_at_ms)
        .bind(confirmed_ms)
        .bind(c.inactive_after_ms)
        .bind(c.close_after_ms)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A message at `at_ms` restarts the timers, as Twilio does, of a conversation whose timers'
/// lengths the mirror knows; the times only ever move later, so a late event cannot pull them back.
/// The state is left to Twilio's events and reads, which carry its `date_updated`.
pub async fn follow_timers(db: &Db, sid: &str, at_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mirror_conversations SET \
         inactive_at_ms = CASE WHEN inactive_after_ms IS NULL OR inactive_at_ms IS NULL THEN inactive_at_ms \
           WHEN inactive_at_ms < $2 + inactive_after_ms THEN $2 + inactive_after_ms ELSE inactive_at_ms END, \
         closed_at_ms = CASE WHEN close_after_ms IS NULL OR closed_at_ms IS NULL THEN closed_at_ms \
           WHEN closed_at_ms < $2 + close_after_ms THEN $2 + close_after_ms ELSE closed_at_ms END \
         WHERE sid = $1 AND removed_ms IS NULL AND state <> 'closed'",
    )
    .bind(sid)
    .bind(at_ms)
    .execute(db)
    .await?;
    Ok(())
}

/// Notes that Twilio confirmed the row as it is now.
pub async fn confirm(db: &Db, sid: &str, confirmed_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mirror_conversations SET confirmed_ms = $2 WHERE sid = $1 AND removed_ms IS NULL",
    )
    .bind(sid)
    .bind(confirmed_ms)
    .execute(db)
    .await?;
    Ok(())
}

/// Marks a conversation removed (a tombstone when the mirror never had it); `true` when it was there.
pub async fn remove_conversation(db: &Db, sid: &str, at_ms: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO mirror_conversations (sid, state, created_ms, updated_ms, activity_ms, confirmed_ms, removed_ms) \
         VALUES ($1, 'closed', 0, 0, 0, $2, $2) \
         ON CONFLICT (sid) DO UPDATE SET removed_ms = excluded.removed_ms \
         WHERE mirror_conversations.removed_ms IS NULL",
    )
    .bind(sid)
    .bind(at_ms)
    .execute(db)
    .await?;
    sqlx::query("UPDATE mirror_participants SET removed_ms = $2 WHERE conversation_sid = $1 AND removed_ms IS NULL")
        .bind(sid)
        .bind(at_ms)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores a participant unless the row is newer or removed; `true` when it changed.
pub async fn upsert_participant(
    db: &Db,
    p: &ParticipantFields,
    ties_win: bool,
) -> Result<bool, sqlx::Error> {
    let newer = if ties_win { "<=" } else { "<" };
    let sql = format!(
        "INSERT INTO mirror_participants (sid, conversation_sid, channel, address, proxy_address, identity, name, updated_ms, created_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (sid) DO UPDATE SET channel = excluded.channel, address = excluded.address, \
         proxy_address = excluded.proxy_address, identity = excluded.identity, name = excluded.name, \
         updated_ms = excluded.updated_ms, created_ms = excluded.created_ms \
         WHERE mirror_participants.removed_ms IS NULL AND mirror_participants.updated_ms {newer} excluded.updated_ms"
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&p.sid)
        .bind(&p.conversation_sid)
        .bind(p.channel)
        .bind(&p.address)
        .bind(&p.proxy_address)
        .bind(&p.identity)
        .bind(&p.name)
        .bind(p.updated_ms)
        .bind(p.created_ms)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a participant removed (a tombstone when the mirror never had it); `true` when it was there.
pub async fn remove_participant(
    db: &Db,
    conversation_sid: &str,
    sid: &str,
    at_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO mirror_participants (sid, conversation_sid, updated_ms, removed_ms) VALUES ($1, $2, 0, $3) \
         ON CONFLICT (sid) DO UPDATE SET removed_ms = excluded.removed_ms WHERE mirror_participants.removed_ms IS NULL",
    )
    .bind(sid)
    .bind(conversation_sid)
    .bind(at_ms)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The SIDs of a conversation's participants the mirror holds as present.
pub async fn participant_sids(db: &Db, conversation_sid: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT sid FROM mirror_participants WHERE conversation_sid = $1 AND removed_ms IS NULL",
    )
    .bind(conversation_sid)
    .fetch_all(db)
    .await
}

/// Sets the newest message: when `newer_only`, only if no later index is stored (an event);
/// otherwise as given (a read of Twilio, which knows of removed messages). `true` when it changed.
pub async fn set_last_message(
    db: &Db,
    conversation_sid: &str,
    last: Option<&LastMessage>,
    newer_only: bool,
) -> Result<bool, sqlx::Error> {
    let condition = if newer_only {
        "AND (last_message_index IS NULL OR last_message_index <= $2)"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE mirror_conversations SET last_message_index = $2, last_message_ms = $3, \
         last_message_author = $4, last_message_preview = $5, \
         activity_ms = CASE WHEN $3 IS NOT NULL AND $3 > created_ms THEN $3 ELSE created_ms END \
         WHERE sid = $1 AND removed_ms IS NULL {condition}"
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(conversation_sid)
        .bind(last.map(|l| l.index))
        .bind(last.map(|l| l.at_ms))
        .bind(last.and_then(|l| l.author.clone()))
        .bind(last.and_then(|l| l.preview.clone()))
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes a person's own message at `at_ms`, keeping the latest.
pub async fn note_inbound(db: &Db, participant_sid: &str, at_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mirror_participants SET last_inbound_ms = $2 \
         WHERE sid = $1 AND (last_inbound_ms IS NULL OR last_inbound_ms < $2)",
    )
    .bind(participant_sid)
    .bind(at_ms)
    .execute(db)
    .await?;
    Ok(())
}

/// Works out the columns made from the participants and failures again: search text, channels,
/// business numbers, WhatsApp window and the last failure.
pub async fn recompute(db: &Db, conversation_sid: &str) -> Result<(), sqlx::Error> {
    let Some(head) = sqlx::query(
        "SELECT unique_name, friendly_name, reference FROM mirror_conversations WHERE sid = $1 AND removed_ms IS NULL",
    )
    .bind(conversation_sid)
    .fetch_optional(db)
    .await?
    else {
        return Ok(());
    };
    let conversation = ConversationFields {
        sid: conversation_sid.to_owned(),
        unique_name: head.get("unique_name"),
        friendly_name: head.get("friendly_name"),
        reference: head.get("reference"),
        state: String::new(),
        created_ms: 0,
        updated_ms: 0,
        inactive_at_ms: None,
        closed_at_ms: None,
        inactive_after_ms: None,
        close_after_ms: None,
    };
    let rows = sqlx::query(
        "SELECT sid, address, proxy_address, identity, name, last_inbound_ms FROM mirror_participants \
         WHERE conversation_sid = $1 AND removed_ms IS NULL ORDER BY sid",
    )
    .bind(conversation_sid)
    .fetch_all(db)
    .await?;
    let mut people = Vec::new();
    let mut windows = Vec::new();
    for r in &rows {
        let channel = row::channel_of(r.get::<Option<String>, _>("address").as_deref());
        windows.push((channel, r.get::<Option<i64>, _>("last_inbound_ms")));
        people.push(ParticipantFields {
            sid: r.get("sid"),
            conversation_sid: conversation_sid.to_owned(),
            channel,
            address: r.get("address"),
            proxy_address: r.get("proxy_address"),
            identity: r.get("identity"),
            name: r.get("name"),
            created_ms: 0,
            updated_ms: 0,
        });
    }
    let channels = row::channels(people.iter().filter_map(|p| p.channel));
    let search = row::search_text(&conversation, &people);
    let window = row::window_until(&windows);
    let numbers = row::numbers(people.iter().filter_map(|p| p.proxy_address.as_deref()));
    sqlx::query(
        "UPDATE mirror_conversations SET channels = $2, search = $3, window_until_ms = $4, numbers = $5 \
         WHERE sid = $1",
    )
    .bind(conversation_sid)
    .bind(channels)
    .bind(search)
    .bind(window)
    .bind(numbers)
    .execute(db)
    .await?;
    super::failures::recompute_last(db, conversation_sid).await
}
