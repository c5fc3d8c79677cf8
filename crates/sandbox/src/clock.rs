//! The sandbox's clock, which tests can move forward.

use std::sync::atomic::{AtomicI64, Ordering};

use time::{Duration, OffsetDateTime};

/// The sandbox's "now": real time plus an offset that tests can move forward, so the 24-hour
/// window and conversation timers can be seen to expire without waiting.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    pub fn with_offset_ms(offset_ms: i64) -> Self {
        Clock {
            offset_ms: AtomicI64::new(offset_ms),
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::milliseconds(self.offset_ms())
    }

    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst)
    }

    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.whole_milliseconds() as i64, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward_by_that_much() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::hours(25));
        let moved = clock.now() - before;
        assert!(moved >= Duration::hours(25) && moved < Duration::hours(25) + Duration::seconds(5));
    }
}
