//! The server's "now": the sandbox's clock on the sandbox, else the system's.

use std::sync::Arc;

use time::OffsetDateTime;

/// "Now" for the rules that depend on time (the WhatsApp 24-hour window). On Twilio it is the
/// system clock; on the sandbox it is the sandbox's own clock, which tests can move forward.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> OffsetDateTime + Send + Sync>);

impl Clock {
    pub fn system() -> Self {
        Clock(Arc::new(OffsetDateTime::now_utc))
    }

    pub fn from_fn(now: impl Fn() -> OffsetDateTime + Send + Sync + 'static) -> Self {
        Clock(Arc::new(now))
    }

    pub fn now(&self) -> OffsetDateTime {
        (self.0)()
    }
}
