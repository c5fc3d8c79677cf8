//! `GET /api/v1/mirror`: whether the mirror is connected, how far the first walk got, what it holds.

use switchboard_core::api::{MirrorStatus, WalkProgress};

use super::runs::{self, EVENTS, RECONCILE, WALK};
use crate::db::Db;

fn rfc3339_ms(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub async fn status(db: &Db) -> Result<MirrorStatus, sqlx::Error> {
    let walk = runs::get(db, WALK).await?.unwrap_or_default();
    let events = runs::get(db, EVENTS).await?.unwrap_or_default();
    let reconcile = runs::get(db, RECONCILE).await?.unwrap_or_default();
    let conversations: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM mirror_conversations WHERE removed_ms IS NULL")
            .fetch_one(db)
            .await?;
    let done = u64::try_from(walk.done).unwrap_or_default();
    let walk = match (walk.finished_ms, walk.started_ms) {
        (Some(finished), _) => WalkProgress::Finished {
            done,
            finished_at: rfc3339_ms(finished),
        },
        (None, Some(started)) => WalkProgress::Running {
            done,
            started_at: rfc3339_ms(started),
        },
        (None, None) => WalkProgress::NotStarted,
    };
    Ok(MirrorStatus {
        connected: events.finished_ms.is_some(),
        walk,
        conversations: u64::try_from(conversations).unwrap_or_default(),
        last_reconcile: reconcile.finished_ms.map(rfc3339_ms),
    })
}
