//! The database: SQLite (one file, the default) or PostgreSQL (several instances), through sqlx's
//! runtime-chosen driver, each engine migrated at start from its own set of migrations.
//!
//! Queries are written once for both: `$1`-style parameters (SQLite reads them too), `RETURNING`,
//! `ON CONFLICT`, and no column read as a boolean (SQLite's `BOOLEAN` has no runtime type here; read
//! `CASE WHEN flag THEN 1 ELSE 0 END` as an integer instead).

pub mod copy;
mod location;

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{ConnectOptions, Executor};

pub use location::{Engine, Location};

pub type Db = sqlx::AnyPool;

/// How long a request waits for a connection before it is answered with a 503.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "could not open the database {location}: {source}. Check the folder exists and is writable, or pass --db"
    )]
    Open {
        location: Location,
        source: sqlx::Error,
    },
    #[error(
        "could not reach the PostgreSQL database {location}: {source}. Check it runs, the address and the credentials in --db"
    )]
    Reach {
        location: Location,
        source: sqlx::Error,
    },
    #[error("could not bring the database {location} up to date: {source}")]
    Migrate {
        location: Location,
        source: sqlx::migrate::MigrateError,
    },
}

/// Opens the database at `location` (creating a SQLite file if missing) and applies every pending
/// migration of its engine.
pub async fn connect(location: &Location) -> Result<Db, DbError> {
    sqlx::any::install_default_drivers();
    let pool = match location {
        Location::File(path) => {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true);
            AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000")
                            .await
                            .map(|_| ())
                    })
                })
                .connect(options.to_url_lossy().as_str())
                .await
                .map_err(|source| DbError::Open {
                    location: location.clone(),
                    source,
                })?
        }
        Location::Postgres(url) => AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect(url.expose())
            .await
            .map_err(|source| DbError::Reach {
                location: location.clone(),
                source,
            })?,
    };
    let migrated = match location.engine() {
        Engine::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await,
        Engine::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await,
    };
    migrated.map_err(|source| DbError::Migrate {
        location: location.clone(),
        source,
    })?;
    Ok(pool)
}

/// Which engine an open database runs on.
pub fn engine(db: &Db) -> Engine {
    match db.connect_options().database_url.scheme() {
        "sqlite" => Engine::Sqlite,
        _ => Engine::Postgres,
    }
}

/// Whether an error means the database could not be reached (rather than refused a statement): the
/// request may succeed once it is back, so it is answered with a 503 and `Retry-After`.
pub fn is_unreachable(error: &sqlx::Error) -> bool {
    matches!(
        error,
        sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
    ) || matches!(error, sqlx::Error::Database(e) if e.code().is_some_and(|code| is_unreachable_code(&code)))
}

/// PostgreSQL's codes for a server shutting down or starting (`57P…`), a lost connection (`08…`),
/// and a database closed to new connections (`55000`, as while it is restored or moved): the pool
/// passes the last one on at once rather than waiting for the database to come back.
fn is_unreachable_code(code: &str) -> bool {
    code.starts_with("57P") || code.starts_with("08") || code == "55000"
}

/// Seconds since 1970, UTC: how every time is stored.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Milliseconds since 1970, UTC: how leases and throttle times are stored.
pub fn now_millis() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// A stored time as the API shows it: RFC 3339, UTC.
pub fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
