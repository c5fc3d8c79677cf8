//! Writes the account mirror's tables straight into a test server's database, as the first walk
//! and the events would, and marks the mirror ready (or filling) for the list.

use std::time::{Duration, Instant};

use switchboard_core::api::{MirrorStatus, WalkProgress};
use switchboard_server::db::Db;

use super::TestApp;

pub const HOUR_MS: i64 = 60 * 60 * 1000;

/// A conversation as the mirror keeps it; `Default` gives an active one with no people.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub sid: String,
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub reference: Option<String>,
    pub state: &'static str,
    pub created_ms: i64,
    pub activity_ms: i64,
    pub channels: &'static str,
    pub window_until_ms: Option<i64>,
    pub people: Vec<Person>,
    /// `(message_index, participant_sid, error_code, failed_ms, cleared)`.
    pub failures: Vec<(i64, String, i64, i64, bool)>,
}

#[derive(Debug, Clone, Default)]
pub struct Person {
    pub sid: String,
    pub channel: Option<&'static str>,
    pub address: Option<String>,
    pub proxy_address: Option<String>,
    pub name: Option<String>,
    pub last_inbound_ms: Option<i64>,
}

impl Row {
    /// What the mirror puts in `numbers`, made as the server makes it.
    pub fn numbers(&self) -> String {
        switchboard_server::mirror::row::numbers(
            self.people
                .iter()
                .filter_map(|p| p.proxy_address.as_deref()),
        )
    }

    /// What the mirror puts in `search`: lower-cased names, reference, people's names and addresses.
    pub fn search(&self) -> String {
        let mut parts: Vec<&str> = [&self.friendly_name, &self.unique_name, &self.reference]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        for person in &self.people {
            parts.extend(person.name.as_deref());
            parts.extend(person.address.as_deref());
        }
        parts.join(" ").to_lowercase()
    }
}

pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Writes `rows` (in one transaction, many per statement).
pub async fn insert(db: &Db, rows: &[Row]) {
    let mut tx = db.begin().await.unwrap();
    for chunk in rows.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO mirror_conversations (sid, unique_name, friendly_name, reference, state, created_ms, \
             updated_ms, activity_ms, channels, numbers, search, window_until_ms, confirmed_ms) VALUES ",
        );
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n = i * 12;
                let mut places: Vec<String> = (1..=12).map(|k| format!("${}", n + k)).collect();
                // `updated_ms` is the creation time.
                places.insert(6, format!("${}", n + 6));
                format!("({})", places.join(", "))
            })
            .collect();
        sql.push_str(&values.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            query = query
                .bind(row.sid.clone())
                .bind(row.unique_name.clone())
                .bind(row.friendly_name.clone())
                .bind(row.reference.clone())
                .bind(if row.state.is_empty() {
                    "active"
                } else {
                    row.state
                })
                .bind(row.created_ms)
                .bind(row.activity_ms)
                .bind(row.channels)
                .bind(row.numbers())
                .bind(row.search())
                .bind(row.window_until_ms)
                .bind(row.activity_ms);
        }
        query.execute(&mut *tx).await.unwrap();
    }
    for row in rows {
        for person in &row.people {
            sqlx::query(
                "INSERT INTO mirror_participants (sid, conversation_sid, channel, address, proxy_address, name, \
                 updated_ms, last_inbound_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(person.sid.clone())
            .bind(row.sid.clone())
            .bind(person.channel)
            .bind(person.address.clone())
            .bind(person.proxy_address.clone())
            .bind(person.name.clone())
            .bind(row.created_ms)
            .bind(person.last_inbound_ms)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        for (index, participant, code, at, cleared) in &row.failures {
            sqlx::query(
                "INSERT INTO mirror_failures (conversation_sid, message_index, participant_sid, error_code, \
                 failed_ms, cleared_ms) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(row.sid.clone())
            .bind(*index)
            .bind(participant.clone())
            .bind(*code)
            .bind(*at)
            .bind(cleared.then_some(*at + 1000))
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        // As the server keeps it: the newest failure not cleared.
        if let Some((index, participant, code, at, _)) = row
            .failures
            .iter()
            .filter(|f| !f.4)
            .max_by_key(|f| (f.0, std::cmp::Reverse(f.1.clone())))
        {
            sqlx::query(
                "UPDATE mirror_conversations SET last_failure_index = $2, last_failure_participant = $3, \
                 last_failure_code = $4, last_failure_ms = $5 WHERE sid = $1",
            )
            .bind(row.sid.clone())
            .bind(*index)
            .bind(participant.clone())
            .bind(*code)
            .bind(*at)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

/// How far the mirror has got, as its `mirror_runs` rows say.
pub enum Readiness {
    /// The walk has read `done` conversations and goes on.
    Filling(i64),
    /// The walk finished; the events hook is not connected.
    WalkedOnly,
    /// Both finished: the mirror answers the list.
    Ready,
}

/// The test server's database once its own first walk (of the embedded sandbox's demo account)
/// has finished, with the mirror's rows emptied for the test to write its own.
pub async fn settled(app: &TestApp) -> Db {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status: MirrorStatus = app.admin.get_ok("/api/v1/mirror").await;
        if matches!(status.walk, WalkProgress::Finished { .. }) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the first walk did not finish: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let db = app.server.database().await;
    for table in [
        "mirror_failures",
        "mirror_participants",
        "mirror_conversations",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&db)
            .await
            .unwrap();
    }
    db
}

/// Notes an instance other than the test server's, seen an hour ahead, so work it holds is
/// never taken over while the test runs.
async fn another_instance(db: &Db) -> &'static str {
    const ID: &str = "another-instance";
    sqlx::query(
        "INSERT INTO instances (id, started_at_ms, seen_at_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET seen_at_ms = excluded.seen_at_ms",
    )
    .bind(ID)
    .bind(now_ms())
    .bind(now_ms() + HOUR_MS)
    .execute(db)
    .await
    .unwrap();
    ID
}

/// A walk still going is held by another instance, so this server's sweep leaves it alone.
pub async fn mark(db: &Db, readiness: Readiness) {
    let now = now_ms();
    let holder = match readiness {
        Readiness::Filling(_) => Some(another_instance(db).await),
        _ => None,
    };
    let (done, walk_finished, events_finished) = match readiness {
        Readiness::Filling(done) => (done, None, None),
        Readiness::WalkedOnly => (0, Some(now), None),
        Readiness::Ready => (0, Some(now), Some(now)),
    };
    for (name, finished) in [("walk", walk_finished), ("events", events_finished)] {
        sqlx::query(
            "INSERT INTO mirror_runs (name, done, started_ms, finished_ms, held_by) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (name) DO UPDATE SET done = excluded.done, started_ms = excluded.started_ms, \
             finished_ms = excluded.finished_ms, held_by = excluded.held_by",
        )
        .bind(name)
        .bind(done)
        .bind(now)
        .bind(finished)
        .bind(holder)
        .execute(db)
        .await
        .unwrap();
    }
}
