//! The business numbers pairings may use: configured, or read from the Twilio account and kept for a
//! few minutes so that checking a pairing does not cost an extra upstream call each time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_core::api::NumberPool;
use switchboard_twilio::Client;
use tokio::sync::Mutex;

use crate::error::AppError;

const KEEP_FOR: Duration = Duration::from_secs(300);

#[derive(Clone)]
pub struct Numbers {
    configured: Option<NumberPool>,
    cached: Arc<Mutex<Option<(Instant, NumberPool)>>>,
}

impl Numbers {
    /// `configured` (e.g. from `SWITCHBOARD_PROXY_NUMBERS`) wins over the account's numbers.
    pub fn new(configured: Option<NumberPool>) -> Self {
        Numbers {
            configured,
            cached: Arc::default(),
        }
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
