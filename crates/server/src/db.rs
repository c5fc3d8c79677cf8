//! The database: SQLite through sqlx, migrated at start.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

pub type Db = sqlx::SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "could not open the database {path}: {source}. Check the folder exists and is writable, or pass --db"
    )]
    Open { path: String, source: sqlx::Error },
    #[error("could not bring the database {path} up to date: {source}")]
    Migrate {
        path: String,
        source: sqlx::migrate::MigrateError,
    },
}

/// Opens (creating if missing) the SQLite file at `path` and applies every pending migration.
pub async fn connect(path: &Path) -> Result<Db, DbError> {
    let shown = path.display().to_string();
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|source| DbError::Open {
            path: shown.clone(),
            source,
        })?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let db = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open {
            path: shown.clone(),
            source,
        })?;
    sqlx::migrate!("./migrations")
        .run(&db)
        .await
        .map_err(|source| DbError::Migrate {
            path: shown,
            source,
        })?;
    Ok(db)
}

/// Seconds since 1970, UTC: how every time is stored.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
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
