//! The `mirror_runs` rows: 'walk' and 'reconcile' are background work held by one instance at a
//! time (`free_or_orphaned!`), with the cursor they resume from; 'events' notes when the account's
//! post-event configuration was last confirmed to point at this server.

use sqlx::Row;

use crate::db::{Db, now_millis};
use crate::instances::{Instance, free_or_orphaned};

pub const WALK: &str = "walk";
pub const RECONCILE: &str = "reconcile";
pub const EVENTS: &str = "events";

/// A run's row as stored.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub cursor: Option<String>,
    pub done: i64,
    pub started_ms: Option<i64>,
    pub finished_ms: Option<i64>,
    pub held_by: Option<String>,
}

pub async fn get(db: &Db, name: &str) -> Result<Option<Run>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT cursor, done, started_ms, finished_ms, held_by FROM mirror_runs WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Run {
        cursor: r.get("cursor"),
        done: r.get("done"),
        started_ms: r.get("started_ms"),
        finished_ms: r.get("finished_ms"),
        held_by: r.get("held_by"),
    }))
}

async fn ensure(db: &Db, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO mirror_runs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(db)
        .await?;
    Ok(())
}

/// Takes the run for `instance` when nobody alive holds it and `extra` (SQL on the row) holds;
/// the row as taken, or `None`.
pub async fn take(
    db: &Db,
    name: &str,
    instance: &Instance,
    extra: &str,
) -> Result<Option<Run>, sqlx::Error> {
    ensure(db, name).await?;
    let sql = format!(
        "UPDATE mirror_runs SET held_by = $1, started_ms = CASE WHEN started_ms IS NULL OR finished_ms IS NOT NULL THEN $4 ELSE started_ms END \
         WHERE name = $3 AND {} AND ({extra})",
        free_or_orphaned!("mirror_runs")
    );
    let taken = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&instance.id)
        .bind(Instance::dead_before())
        .bind(name)
        .bind(now_millis())
        .execute(db)
        .await?;
    if taken.rows_affected() == 0 {
        return Ok(None);
    }
    get(db, name).await
}

/// Stores how far a held run got; `false` when this instance no longer holds it.
pub async fn progress(
    db: &Db,
    name: &str,
    instance: &Instance,
    cursor: Option<&str>,
    done: i64,
) -> Result<bool, sqlx::Error> {
    let stored = sqlx::query(
        "UPDATE mirror_runs SET cursor = $3, done = $4 WHERE name = $1 AND held_by = $2",
    )
    .bind(name)
    .bind(&instance.id)
    .bind(cursor)
    .bind(done)
    .execute(db)
    .await?;
    Ok(stored.rows_affected() == 1)
}

/// Lets a held run go, finished now when `finished`, keeping `cursor` for the next run.
pub async fn release(
    db: &Db,
    name: &str,
    instance: &Instance,
    cursor: Option<&str>,
    finished: bool,
) -> Result<(), sqlx::Error> {
    let finished_ms = if finished { "$4" } else { "finished_ms" };
    let sql = format!(
        "UPDATE mirror_runs SET held_by = NULL, cursor = $3, finished_ms = {finished_ms} \
         WHERE name = $1 AND held_by = $2 AND CAST($4 AS BIGINT) > 0"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(name)
        .bind(&instance.id)
        .bind(cursor)
        .bind(now_millis())
        .execute(db)
        .await?;
    Ok(())
}

/// Starts the walk over: `false` when a live instance is walking now.
pub async fn restart_walk(db: &Db) -> Result<bool, sqlx::Error> {
    ensure(db, WALK).await?;
    let sql = format!(
        "UPDATE mirror_runs SET cursor = NULL, done = 0, started_ms = NULL, finished_ms = NULL, held_by = NULL \
         WHERE name = $3 AND ({} OR finished_ms IS NOT NULL)",
        free_or_orphaned!("mirror_runs")
    );
    let reset = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind("")
        .bind(Instance::dead_before())
        .bind(WALK)
        .execute(db)
        .await?;
    Ok(reset.rows_affected() == 1)
}

/// Notes whether the account's events reach this server: `Some(now)` when just confirmed.
pub async fn set_events(db: &Db, confirmed_ms: Option<i64>) -> Result<(), sqlx::Error> {
    ensure(db, EVENTS).await?;
    sqlx::query("UPDATE mirror_runs SET finished_ms = $2 WHERE name = $1")
        .bind(EVENTS)
        .bind(confirmed_ms)
        .execute(db)
        .await?;
    Ok(())
}
