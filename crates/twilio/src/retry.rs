//! When a failed call is tried again. Twilio guarantees a 429 was not processed, so it is always safe
//! to retry; a 5xx or a timeout may hide a request that was carried out, so only reads and deletes
//! (which change nothing when repeated) are retried then.

use std::time::Duration;

use rand::Rng;
use reqwest::Method;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first backoff; each later one doubles, with full jitter.
    pub base_delay: Duration,
    /// No wait is longer than this, whatever `Retry-After` says.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
pub(crate) enum Failure {
    TooManyRequests { retry_after: Option<Duration> },
    ServerError,
    Timeout,
    Connect,
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1`, or `None` to give up.
    pub(crate) fn delay(
        &self,
        method: &Method,
        failure: &Failure,
        attempt: u32,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let repeatable = matches!(*method, Method::GET | Method::DELETE | Method::HEAD);
        let retry_after = match failure {
            Failure::TooManyRequests { retry_after } => *retry_after,
            // A refused connection never reached Twilio, so any method may try again.
            Failure::Connect => None,
            Failure::ServerError | Failure::Timeout if repeatable => None,
            Failure::ServerError | Failure::Timeout => return None,
        };
        let backoff = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt - 1))
            .min(self.max_delay);
        let jittered = backoff.mul_f64(rand::rng().random_range(0.5..=1.0));
        Some(retry_after.map_or(jittered, |after| after.min(self.max_delay)))
    }
}

/// `Retry-After` in seconds (Twilio does not send HTTP dates).
pub(crate) fn parse_retry_after(value: Option<&reqwest::header::HeaderValue>) -> Option<Duration> {
    let seconds: f64 = value?.to_str().ok()?.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        }
    }

    #[test]
    fn a_429_is_retried_for_any_method_after_retry_after() {
        let failure = Failure::TooManyRequests {
            retry_after: Some(Duration::from_secs(1)),
        };
        assert_eq!(
            policy().delay(&Method::POST, &failure, 1),
            Some(Duration::from_secs(1))
        );
        let capped = Failure::TooManyRequests {
            retry_after: Some(Duration::from_secs(60)),
        };
        assert_eq!(
            policy().delay(&Method::POST, &capped, 1),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn a_5xx_or_timeout_is_retried_only_for_reads_and_deletes() {
        for failure in [Failure::ServerError, Failure::Timeout] {
            assert!(policy().delay(&Method::GET, &failure, 1).is_some());
            assert!(policy().delay(&Method::DELETE, &failure, 1).is_some());
            assert!(policy().delay(&Method::POST, &failure, 1).is_none());
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_stops_at_the_last_attempt() {
        let first = policy()
            .delay(&Method::GET, &Failure::ServerError, 1)
            .unwrap();
        let second = policy()
            .delay(&Method::GET, &Failure::ServerError, 2)
            .unwrap();
        assert!(
            first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
            "{first:?}"
        );
        assert!(
            second >= Duration::from_millis(100) && second <= Duration::from_millis(200),
            "{second:?}"
        );
        assert_eq!(policy().delay(&Method::GET, &Failure::ServerError, 3), None);
    }

    #[test]
    fn reads_retry_after_in_seconds() {
        let header = reqwest::header::HeaderValue::from_static("2");
        assert_eq!(
            parse_retry_after(Some(&header)),
            Some(Duration::from_secs(2))
        );
        let bad = reqwest::header::HeaderValue::from_static("Wed, 21 Oct 2026 07:28:00 GMT");
        assert_eq!(parse_retry_after(Some(&bad)), None);
    }
}
