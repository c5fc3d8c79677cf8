//! Sign-in throttling: too many failures for one username, or from one address, within a window
//! refuse further attempts (before any password is checked) until the oldest failure ages out.
//!
//! The failures are rows of the database, so every instance on it counts the same guesses. Each
//! attempt is counted and checked under one lock (this process's, and on PostgreSQL a transaction
//! lock every instance takes), so guesses sent side by side, to one instance or several, cannot
//! all slip under the limit.

use std::net::IpAddr;
use std::time::Duration;

use sqlx::Row;

use crate::db::{self, Db, Engine, now_millis};
use crate::error::AppError;

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const PER_USERNAME: i64 = 5;
pub const PER_ADDRESS: i64 = 20;
/// The PostgreSQL advisory lock sign-in attempts are counted under.
const ATTEMPT_LOCK: i64 = 0x5b_7417;

#[derive(Default)]
pub struct Throttle {
    counting: tokio::sync::Mutex<()>,
}

fn username_key(username: &str) -> String {
    format!("user:{}", username.to_lowercase())
}

fn address_key(address: IpAddr) -> String {
    format!("address:{address}")
}

impl Throttle {
    /// Starts a sign-in attempt: `Ok(Err(seconds))` to wait when it must be refused, otherwise it
    /// counts as a failure at once, so that guesses sent side by side cannot all slip under the limit
    /// before the first password check ends; `succeeded` takes it back.
    pub async fn attempt(
        &self,
        db: &Db,
        username: &str,
        address: IpAddr,
    ) -> Result<Result<(), u64>, AppError> {
        let _counting = self.counting.lock().await;
        let now = now_millis();
        let window = WINDOW.as_millis() as i64;
        let mut tx = db.begin().await?;
        if db::engine(db) == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(ATTEMPT_LOCK)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE at_ms <= $1")
            .bind(now - window)
            .execute(&mut *tx)
            .await?;
        let keys = [
            (username_key(username), PER_USERNAME),
            (address_key(address), PER_ADDRESS),
        ];
        let mut wait_ms = 0;
        for (key, limit) in &keys {
            let row = sqlx::query(
                "SELECT COUNT(*) AS failures, MIN(at_ms) AS oldest FROM sign_in_failures WHERE key = $1",
            )
            .bind(key)
            .fetch_one(&mut *tx)
            .await?;
            let failures: i64 = row.try_get("failures")?;
            if failures >= *limit {
                let oldest: Option<i64> = row.try_get("oldest")?;
                wait_ms = wait_ms.max(window - (now - oldest.unwrap_or(now)));
            }
        }
        if wait_ms > 0 {
            return Ok(Err((wait_ms as u64).div_ceil(1000).max(1)));
        }
        for (key, _) in &keys {
            sqlx::query("INSERT INTO sign_in_failures (key, at_ms) VALUES ($1, $2)")
                .bind(key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The attempt was right: the username's failures are forgotten, and this attempt on the address.
    pub async fn succeeded(
        &self,
        db: &Db,
        username: &str,
        address: IpAddr,
    ) -> Result<(), AppError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
            .bind(username_key(username))
            .execute(db)
            .await?;
        sqlx::query(
            "DELETE FROM sign_in_failures WHERE id = (SELECT MAX(id) FROM sign_in_failures WHERE key = $1)",
        )
        .bind(address_key(address))
        .execute(db)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    async fn database() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let location = db::Location::File(dir.path().join("throttle.db"));
        let db = db::connect(&location).await.unwrap();
        (dir, db)
    }

    #[tokio::test]
    async fn a_username_is_locked_after_its_failures_and_others_are_not() {
        let (_dir, db) = database().await;
        let throttle = Throttle::default();
        for _ in 0..PER_USERNAME {
            assert!(throttle.attempt(&db, "alicia", HOME).await.unwrap().is_ok());
        }
        let wait = throttle
            .attempt(&db, "Alicia", HOME)
            .await
            .unwrap()
            .unwrap_err();
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert!(throttle.attempt(&db, "bruno", HOME).await.unwrap().is_ok());
    }

    #[tokio::test]
    async fn one_address_guessing_many_usernames_is_locked_too() {
        let (_dir, db) = database().await;
        let throttle = Throttle::default();
        for n in 0..PER_ADDRESS {
            let name = format!("user{n}");
            assert!(throttle.attempt(&db, &name, HOME).await.unwrap().is_ok());
        }
        assert!(
            throttle
                .attempt(&db, "someone-new", HOME)
                .await
                .unwrap()
                .is_err()
        );
    }

    #[tokio::test]
    async fn a_success_clears_the_usernames_failures_and_does_not_count_against_the_address() {
        let (_dir, db) = database().await;
        let throttle = Throttle::default();
        for _ in 0..PER_USERNAME {
            throttle
                .attempt(&db, "alicia", HOME)
                .await
                .unwrap()
                .unwrap();
        }
        throttle.succeeded(&db, "alicia", HOME).await.unwrap();
        throttle
            .attempt(&db, "alicia", HOME)
            .await
            .unwrap()
            .unwrap();
        assert!(throttle.attempt(&db, "alicia", HOME).await.unwrap().is_ok());
        for _ in 0..PER_ADDRESS * 2 {
            throttle.attempt(&db, "bruno", HOME).await.unwrap().unwrap();
            throttle.succeeded(&db, "bruno", HOME).await.unwrap();
        }
        assert!(throttle.attempt(&db, "carla", HOME).await.unwrap().is_ok());
    }
}
