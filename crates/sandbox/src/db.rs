//! SQLite persistence: every changed record is written before the request that changed it is
//! answered, so a restart never loses an accepted message.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use crate::store::Change;

#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date;
    /// `:memory:` gives a private in-memory database.
    pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
        let options = if path == Path::new(":memory:") {
            SqliteConnectOptions::from_str("sqlite::memory:")?
        } else {
            SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
        }
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Db { pool })
    }

    /// Every record as (kind, JSON body), oldest first.
    pub async fn load(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        let rows = sqlx::query("SELECT kind, body FROM records ORDER BY rowid")
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get("kind")?, row.try_get("body")?)))
            .collect()
    }

    pub async fn write(&self, changes: &[Change]) -> Result<(), sqlx::Error> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for change in changes {
            match &change.body {
                Some(body) => {
                    sqlx::query(
                        "INSERT INTO records (kind, key, body) VALUES (?, ?, ?) \
                         ON CONFLICT (kind, key) DO UPDATE SET body = excluded.body",
                    )
                    .bind(change.kind.name())
                    .bind(&change.key)
                    .bind(body)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM records WHERE kind = ? AND key = ?")
                        .bind(change.kind.name())
                        .bind(&change.key)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await
    }
}
