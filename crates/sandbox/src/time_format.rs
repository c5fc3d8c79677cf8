//! Timestamps as Twilio writes them.

use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

/// Twilio's timestamp form: UTC, whole seconds, `Z`.
const TWILIO_TIME: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

pub fn format(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(TWILIO_TIME)
        .expect("a UTC time always formats")
}
