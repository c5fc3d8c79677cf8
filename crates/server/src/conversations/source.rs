//! Whether the mirror answers the list: once the first walk and the events hook have both
//! finished (their `mirror_runs` rows); while the walk runs the live read answers, saying so.

use sqlx::Row;
use switchboard_core::api::ListSource;

use crate::db::Db;

/// Who answers the list now: the mirror, or Twilio (while the walk fills the mirror, or before).
pub async fn list_source(db: &Db) -> Result<ListSource, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT name, done, started_ms, finished_ms FROM mirror_runs WHERE name IN ('walk', 'events')",
    )
    .fetch_all(db)
    .await?;
    let mut walk = None;
    let mut events_finished = false;
    for row in rows {
        let name: String = row.try_get("name")?;
        let finished = row.try_get::<Option<i64>, _>("finished_ms")?.is_some();
        if name == "events" {
            events_finished = finished;
        } else {
            let started = row.try_get::<Option<i64>, _>("started_ms")?.is_some();
            let done: i64 = row.try_get("done")?;
            walk = Some((started, finished, u64::try_from(done).unwrap_or_default()));
        }
    }
    Ok(match walk {
        Some((_, true, _)) if events_finished => ListSource::Mirror,
        Some((true, false, done)) => ListSource::Filling { done },
        _ => ListSource::Twilio,
    })
}
