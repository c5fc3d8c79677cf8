//! Events between instances: an import carried out by one instance is heard, row by row, on a
//! stream opened on another, also after every database connection was cut.

use std::time::Duration;

use serde_json::json;
use sqlx::{Connection, Row};
use switchboard_core::api::{Event, ImportProgress};
use switchboard_server::Upstream;
use switchboard_server::db::{Db, Location};

use crate::common::database::fresh_postgres;
use crate::common::events::EventStream;
use crate::common::{ADMIN, Client, PASSWORD, TestServer, expect};
use crate::events::{CSV, assert_told_row_by_row, numbered_until};

const WAIT: Duration = Duration::from_secs(30);

/// Two instances on one fresh database, each with its admin signed in.
struct Pair {
    /// Kept so each instance's folder lives as long as the test.
    _a: TestServer,
    a_admin: Client,
    _b: TestServer,
    b_admin: Client,
    location: Location,
    db: Db,
}

impl Pair {
    async fn start() -> Pair {
        let location = fresh_postgres().await;
        let on = |location: Location| {
            move |config: &mut switchboard_server::Config| config.db = location
        };
        let a = TestServer::start_configured(Upstream::Sandbox, on(location.clone())).await;
        let a_admin = a.set_up_admin().await;
        let b = TestServer::start_configured(Upstream::Sandbox, on(location.clone())).await;
        let mut b_admin = b.anonymous();
        b_admin.sign_in(ADMIN, PASSWORD).await.unwrap();
        let db = switchboard_server::db::connect(&location).await.unwrap();
        let pair = Pair {
            _a: a,
            a_admin,
            _b: b,
            b_admin,
            location,
            db,
        };
        pair.wait_for_listeners().await;
        pair
    }

    /// Until both instances `LISTEN` on the database again.
    async fn wait_for_listeners(&self) {
        let mut listening = 0;
        for _ in 0..300 {
            let row = sqlx::query(
                "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
            )
            .fetch_one(&self.db)
            .await
            .unwrap();
            listening = row.get::<i64, _>("n");
            if listening == 2 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{listening} instances listen, not 2");
    }

    /// Cuts every connection to the database and refuses new ones for `how_long`, as a database
    /// that restarts would.
    async fn shut_out(&self, how_long: Duration) {
        let mut url = url::Url::parse(&self.location.expose_as_arg()).unwrap();
        let name = url.path().trim_start_matches('/').to_owned();
        url.set_path("/postgres");
        let mut admin = sqlx::PgConnection::connect(url.as_str()).await.unwrap();
        let sql = |text: String| sqlx::raw_sql(sqlx::AssertSqlSafe(text));
        sql(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
            .execute(&mut admin)
            .await
            .unwrap();
        let cut = sql(format!(
            "SELECT COUNT(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .fetch_one(&mut admin)
        .await
        .unwrap()
        .get::<i64, _>("n");
        assert!(cut >= 2, "only {cut} connections cut");
        tokio::time::sleep(how_long).await;
        sql(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
            .execute(&mut admin)
            .await
            .unwrap();
    }

    async fn import_on_a(&self) -> i64 {
        let started: ImportProgress = expect(
            self.a_admin
                .post_json("/api/v1/pairings/imports", &json!({ "csv": CSV }))
                .await,
            202,
        )
        .await;
        started.id
    }

    async fn progress_on_b(&self, id: i64) -> ImportProgress {
        self.b_admin
            .get_ok(&format!("/api/v1/pairings/imports/{id}"))
            .await
    }
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn an_import_carried_out_by_one_instance_is_heard_row_by_row_on_another() {
    let pair = Pair::start().await;
    let mut on_b = EventStream::open(&pair.b_admin).await;
    let mut on_a = EventStream::open(&pair.a_admin).await;
    let id = pair.import_on_a().await;
    let heard_on_b = on_b.until(WAIT, |e| *e == Event::finished(id)).await;
    let heard_on_a = on_a.until(WAIT, |e| *e == Event::finished(id)).await;
    let done = pair.progress_on_b(id).await;
    assert_told_row_by_row(&heard_on_b, &done);
    // A hears its own events once: not again when they come back over the database.
    assert_told_row_by_row(&heard_on_a, &done);
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn instances_hear_each_other_again_after_the_database_was_away() {
    let pair = Pair::start().await;
    let mut on_b = EventStream::open(&pair.b_admin).await;
    pair.shut_out(Duration::from_secs(2)).await;
    pair.wait_for_listeners().await;
    let id = pair.import_on_a().await;
    let heard = on_b.until(WAIT, |e| *e == Event::finished(id)).await;
    assert_told_row_by_row(&heard, &pair.progress_on_b(id).await);
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn every_instance_numbers_an_event_alike_so_a_stream_resumes_on_any() {
    let pair = Pair::start().await;
    let mut on_a = EventStream::open(&pair.a_admin).await;
    let mut on_b = EventStream::open(&pair.b_admin).await;
    let id = pair.import_on_a().await;
    let heard_on_a = numbered_until(&mut on_a, id).await;
    let heard_on_b = numbered_until(&mut on_b, id).await;
    assert_eq!(heard_on_b, heard_on_a);
    let (half_way, _) = heard_on_a[heard_on_a.len() / 2];
    let mut resumed_on_b = EventStream::resume(&pair.b_admin, half_way).await;
    let rest: Vec<_> = heard_on_a
        .iter()
        .filter(|(number, _)| *number > half_way)
        .cloned()
        .collect();
    assert_eq!(numbered_until(&mut resumed_on_b, id).await, rest);
}
