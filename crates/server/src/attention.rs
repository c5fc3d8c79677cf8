//! Needs attention: deliveries that failed in the last 24 hours and were not since followed by a
//! delivered one, WhatsApp windows closing within the hour in active conversations, and opt-ins
//! waiting for the customer's answer; read from the mirror and the opt-in relays.

use sqlx::Row;
use switchboard_core::api::{Attention, AttentionFix, ClosingWindow, FailedDelivery, WaitingOptIn};

use crate::conversations::rfc3339_ms;
use crate::db::{Db, rfc3339};
use crate::views;

const HOUR_MS: i64 = 60 * 60 * 1000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Each list stops here: a page of this many is already more than anyone works through at once.
const MOST: i64 = 500;
/// WhatsApp's "outside the 24-hour window" refusal: only a template reaches the person.
const OUTSIDE_WINDOW: i64 = 63016;

/// What needs an operator at `now_ms` (UTC milliseconds, the sandbox's clock on the sandbox).
pub async fn read(db: &Db, now_ms: i64) -> Result<Attention, sqlx::Error> {
    let (failed_deliveries, closing_windows, waiting_opt_ins) =
        tokio::try_join!(failed(db, now_ms), closing(db, now_ms), waiting(db))?;
    Ok(Attention {
        failed_deliveries,
        closing_windows,
        waiting_opt_ins,
    })
}

async fn failed(db: &Db, now_ms: i64) -> Result<Vec<FailedDelivery>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT f.conversation_sid, f.message_index, f.participant_sid, f.error_code, f.failed_ms, \
         c.friendly_name, c.unique_name, p.address, p.channel, p.last_inbound_ms \
         FROM mirror_failures f \
         JOIN mirror_conversations c ON c.sid = f.conversation_sid AND c.removed_ms IS NULL \
         LEFT JOIN mirror_participants p ON p.sid = f.participant_sid \
         WHERE f.cleared_ms IS NULL AND f.failed_ms > $1 \
         ORDER BY f.failed_ms DESC, f.conversation_sid, f.message_index LIMIT $2",
    )
    .bind(now_ms - DAY_MS)
    .bind(MOST)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            let error_code: Option<i64> = r.try_get("error_code")?;
            let on_whatsapp =
                r.try_get::<Option<String>, _>("channel")?.as_deref() == Some("whatsapp");
            let last_inbound: Option<i64> = r.try_get("last_inbound_ms")?;
            let window_closed =
                on_whatsapp && last_inbound.is_none_or(|wrote| wrote + DAY_MS <= now_ms);
            Ok(FailedDelivery {
                conversation_sid: r.try_get("conversation_sid")?,
                conversation_name: name(&r)?,
                message_index: r.try_get("message_index")?,
                participant_sid: r.try_get("participant_sid")?,
                address: r.try_get("address")?,
                reason: error_code.map(views::reason),
                fix: fix(error_code, window_closed),
                error_code,
                failed_at: rfc3339_ms(r.try_get("failed_ms")?),
            })
        })
        .collect()
}

/// A template when WhatsApp refused free-form text outside the window, or the person's window is
/// closed now (free-form text cannot reach them whatever the error); else the number is in doubt.
pub fn fix(error_code: Option<i64>, window_closed: bool) -> AttentionFix {
    if error_code == Some(OUTSIDE_WINDOW) || window_closed {
        AttentionFix::SendTemplate
    } else {
        AttentionFix::CheckNumber
    }
}

async fn closing(db: &Db, now_ms: i64) -> Result<Vec<ClosingWindow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.conversation_sid, p.sid, p.address, p.last_inbound_ms, c.friendly_name, c.unique_name \
         FROM mirror_participants p \
         JOIN mirror_conversations c ON c.sid = p.conversation_sid AND c.removed_ms IS NULL AND c.state = 'active' \
         WHERE p.channel = 'whatsapp' AND p.removed_ms IS NULL AND p.address IS NOT NULL \
         AND p.last_inbound_ms > $1 AND p.last_inbound_ms <= $2 \
         ORDER BY p.last_inbound_ms, p.sid LIMIT $3",
    )
    .bind(now_ms - DAY_MS)
    .bind(now_ms - DAY_MS + HOUR_MS)
    .bind(MOST)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ClosingWindow {
                conversation_sid: r.try_get("conversation_sid")?,
                conversation_name: name(&r)?,
                participant_sid: r.try_get("sid")?,
                address: r.try_get("address")?,
                closes_at: rfc3339_ms(r.try_get::<i64, _>("last_inbound_ms")? + DAY_MS),
            })
        })
        .collect()
}

async fn waiting(db: &Db) -> Result<Vec<WaitingOptIn>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.conversation_sid, o.started_at, c.friendly_name, c.unique_name \
         FROM opt_in_relays o LEFT JOIN mirror_conversations c ON c.sid = o.conversation_sid \
         WHERE o.state = 'waiting' ORDER BY o.started_at, o.conversation_sid LIMIT $1",
    )
    .bind(MOST)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(WaitingOptIn {
                conversation_sid: r.try_get("conversation_sid")?,
                conversation_name: name(&r)?,
                started_at: rfc3339(r.try_get("started_at")?),
            })
        })
        .collect()
}

/// The name the list shows: the friendly name, else the unique name.
fn name(r: &sqlx::any::AnyRow) -> Result<Option<String>, sqlx::Error> {
    let friendly: Option<String> = r.try_get("friendly_name")?;
    Ok(friendly.or(r.try_get("unique_name")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_the_fix_only_when_the_window_is_the_reason() {
        assert_eq!(fix(Some(63016), false), AttentionFix::SendTemplate);
        assert_eq!(fix(Some(30003), true), AttentionFix::SendTemplate);
        assert_eq!(fix(Some(30003), false), AttentionFix::CheckNumber);
        assert_eq!(fix(None, false), AttentionFix::CheckNumber);
    }
}
