//! The business numbers pairings may use: configured, or read from the Twilio account and kept for a
//! few minutes so that checking a pairing does not cost an extra upstream call each time; and how
//! many open pairings each carries, from the account mirror, kept for a few seconds, so that the
//! automatic choice can take the least used.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_core::api::NumberPool;
use switchboard_twilio::Client;
use tokio::sync::Mutex;

use crate::db::Db;
use crate::error::AppError;

const KEEP_FOR: Duration = Duration::from_secs(300);
/// Least used need not be exact: the counts are read again at most this often.
const COUNTS_KEPT_FOR: Duration = Duration::from_secs(5);

/// Open pairings per business number, and when they were counted.
type Counts = Option<(Instant, HashMap<String, u64>)>;

#[derive(Clone)]
pub struct Numbers {
    configured: Option<NumberPool>,
    cached: Arc<Mutex<Option<(Instant, NumberPool)>>>,
    counts: Arc<Mutex<Counts>>,
}

impl Numbers {
    /// `configured` (e.g. from `SWITCHBOARD_PROXY_NUMBERS`) wins over the account's numbers.
    pub fn new(configured: Option<NumberPool>) -> Self {
        Numbers {
            configured,
            cached: Arc::default(),
            counts: Arc::default(),
        }
    }

    /// Forgets the account's numbers read, so the next use reads them again (after one was added).
    pub async fn forget(&self) {
        *self.cached.lock().await = None;
    }

    /// The pool with each channel's numbers least used first (ties keep the account's order), as the
    /// automatic choice takes them.
    pub async fn ranked_pool(&self, twilio: &Client, db: &Db) -> Result<NumberPool, AppError> {
        let mut pool = self.pool(twilio).await?;
        let counts = {
            let mut kept = self.counts.lock().await;
            match kept.as_ref() {
                Some((at, counts)) if at.elapsed() < COUNTS_KEPT_FOR => counts.clone(),
                _ => {
                    let counts = open_pairings(db).await?;
                    *kept = Some((Instant::now(), counts.clone()));
                    counts
                }
            }
        };
        let used = |proxy: &String| counts.get(proxy).copied().unwrap_or(0);
        pool.sms.sort_by_key(used);
        pool.whatsapp.sort_by_key(used);
        Ok(pool)
    }

    pub async fn pool(&self, twilio: &Client) -> Result<NumberPool, AppError> {
        if let Some(pool) = &self.configured {
            return Ok(pool.clone());
        }
        let mut cached = self.cached.lock().await;
        if let Some((at, pool)) = cached.as_ref()
            && at.elapsed() < KEEP_FOR
        {
            return Ok(pool.clone());
        }
        let pool = split(twilio.account_numbers().await?);
        *cached = Some((Instant::now(), pool.clone()));
        Ok(pool)
    }
}

/// Open (active or inactive) conversations per business number, as the mirror holds them.
pub async fn open_pairings(db: &Db) -> Result<HashMap<String, u64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.proxy_address, COUNT(DISTINCT p.conversation_sid) FROM mirror_participants p \
         JOIN mirror_conversations c ON c.sid = p.conversation_sid \
         WHERE p.removed_ms IS NULL AND c.removed_ms IS NULL AND c.state <> 'closed' \
         AND p.proxy_address IS NOT NULL GROUP BY p.proxy_address",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(proxy, n)| (proxy, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Sorts addresses into SMS numbers and WhatsApp senders.
pub fn split(addresses: impl IntoIterator<Item = String>) -> NumberPool {
    let (whatsapp, sms) = addresses
        .into_iter()
        .partition(|a| a.starts_with("whatsapp:"));
    NumberPool { sms, whatsapp }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sms_numbers_from_whatsapp_senders() {
        let pool = split([
            "+15550000001".to_owned(),
            "whatsapp:+15550001000".to_owned(),
        ]);
        assert_eq!(pool.sms, ["+15550000001"]);
        assert_eq!(pool.whatsapp, ["whatsapp:+15550001000"]);
    }
}
