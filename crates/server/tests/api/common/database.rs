//! The database each test server gets: a SQLite file in its folder, or, when
//! `SWITCHBOARD_TEST_ENGINE=postgres`, a new PostgreSQL database on the server
//! `SWITCHBOARD_TEST_POSTGRES_URL` names (which `cargo xtask test` starts).

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;
use switchboard_server::db::Location;

/// Whether this run puts every test server on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("SWITCHBOARD_TEST_ENGINE").is_ok_and(|engine| engine == "postgres")
}

/// A fresh, empty database for one test server.
pub async fn fresh(dir: &Path) -> Location {
    if on_postgres() {
        fresh_postgres().await
    } else {
        Location::File(dir.join("switchboard.db"))
    }
}

/// A fresh, empty PostgreSQL database, for the tests that need several instances on one database.
pub async fn fresh_postgres() -> Location {
    static MADE: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "switchboard_test_{}_{}",
        std::process::id(),
        MADE.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = postgres_admin().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let mut url = url::Url::parse(&server_url()).unwrap();
    url.set_path(&name);
    url.as_str().parse().unwrap()
}

/// A connection to the test PostgreSQL server's own database (not a test server's), from which
/// databases are made, or closed to connections as a restart would.
pub async fn postgres_admin() -> sqlx::PgConnection {
    let server = server_url();
    sqlx::PgConnection::connect(&server)
        .await
        .unwrap_or_else(|e| panic!("cannot reach the test PostgreSQL at {server}: {e}"))
}

fn server_url() -> String {
    std::env::var("SWITCHBOARD_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "these tests need PostgreSQL: run `cargo xtask test`, which starts one, or set \
             SWITCHBOARD_TEST_POSTGRES_URL to a server where they may create databases \
             (`cargo xtask postgres` starts a throwaway one and prints its URL)"
        )
    })
}
