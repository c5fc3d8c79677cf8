//! When a pairing ends by itself: Twilio's conversation timers, counted from the last message.

use serde::{Deserialize, Serialize};

/// Twilio's shortest inactive timer, in minutes.
pub const MIN_INACTIVE_MINUTES: u32 = 1;
/// Twilio's shortest closed timer, in minutes.
pub const MIN_CLOSE_MINUTES: u32 = 10;
/// The longest end Switchboard sets: a year.
pub const MAX_END_MINUTES: u32 = 365 * 24 * 60;

/// How long a pairing may stay silent. Both `None` means it never ends by itself.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PairingEnd {
    /// Minutes of silence after which the conversation becomes inactive (it keeps its numbers).
    #[serde(default)]
    pub inactive_after_minutes: Option<u32>,
    /// Minutes of silence after which the conversation closes and both business numbers are free
    /// for these people again.
    #[serde(default)]
    pub close_after_minutes: Option<u32>,
}

/// Read only from an object: serde would also take a list (`[null, null]`) for a struct, which here
/// would quietly mean "no end".
impl<'de> Deserialize<'de> for PairingEnd {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            #[serde(default)]
            inactive_after_minutes: Option<u32>,
            #[serde(default)]
            close_after_minutes: Option<u32>,
        }
        struct ObjectOnly;
        impl<'de> serde::de::Visitor<'de> for ObjectOnly {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object with inactive_after_minutes and close_after_minutes")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Fields, A::Error> {
                Fields::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        let fields = deserializer.deserialize_map(ObjectOnly)?;
        Ok(PairingEnd {
            inactive_after_minutes: fields.inactive_after_minutes,
            close_after_minutes: fields.close_after_minutes,
        })
    }
}

/// What is wrong with a `PairingEnd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndProblem {
    InactiveTooShort,
    CloseTooShort,
    TooLong,
    /// The conversation would become inactive only after it had closed.
    InactiveAfterClose,
}

impl PairingEnd {
    pub const NEVER: PairingEnd = PairingEnd {
        inactive_after_minutes: None,
        close_after_minutes: None,
    };

    pub fn closing_after(minutes: u32) -> PairingEnd {
        PairingEnd {
            inactive_after_minutes: None,
            close_after_minutes: Some(minutes),
        }
    }

    /// Closing after `minutes` of silence, or never when `None`.
    pub fn closing_after_or_never(minutes: Option<u32>) -> PairingEnd {
        minutes.map_or(Self::NEVER, Self::closing_after)
    }

    pub fn is_never(&self) -> bool {
        *self == Self::NEVER
    }

    /// Twilio's limits (1 minute inactive, 10 minutes closed), a year at most, and inactive before
    /// closed.
    pub fn check(&self) -> Result<(), EndProblem> {
        let too_long = |m: Option<u32>| m.is_some_and(|m| m > MAX_END_MINUTES);
        if too_long(self.inactive_after_minutes) || too_long(self.close_after_minutes) {
            return Err(EndProblem::TooLong);
        }
        if self
            .inactive_after_minutes
            .is_some_and(|m| m < MIN_INACTIVE_MINUTES)
        {
            return Err(EndProblem::InactiveTooShort);
        }
        if self
            .close_after_minutes
            .is_some_and(|m| m < MIN_CLOSE_MINUTES)
        {
            return Err(EndProblem::CloseTooShort);
        }
        match (self.inactive_after_minutes, self.close_after_minutes) {
            (Some(inactive), Some(close)) if inactive >= close => {
                Err(EndProblem::InactiveAfterClose)
            }
            _ => Ok(()),
        }
    }
}

/// Reads a duration as an operator writes one in a CSV cell: `90m`, `2h`, `1d`, `1h30m`, or a bare
/// number of minutes. `none`, `never` and `no end` mean no end (`Some(None)`); anything else is `None`.
pub fn parse_minutes(text: &str) -> Option<Option<u32>> {
    let text = text.trim().to_ascii_lowercase();
    if matches!(text.as_str(), "none" | "never" | "no end") {
        return Some(None);
    }
    if let Ok(minutes) = text.parse::<u32>() {
        return Some(Some(minutes));
    }
    let mut total: u32 = 0;
    let mut number = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'm' => 1,
            'h' => 60,
            'd' => 24 * 60,
            'w' => 7 * 24 * 60,
            _ => return None,
        };
        let n: u32 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        number.clear();
    }
    if !number.is_empty() || total == 0 {
        return None;
    }
    Some(Some(total))
}

/// `PUT /api/v1/settings` and its `GET`: what admins decide for every pairing.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The end a new pairing gets when the operator does not choose another.
    pub pairing_end: PairingEnd,
}

/// `POST /api/v1/conversations/{sid}/extend`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendRequest {
    /// Minutes added to the time left before the conversation closes.
    pub minutes: u32,
}

/// When a conversation's timers fall due, as Twilio set them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    /// UTC, RFC 3339: when it becomes inactive unless someone writes first.
    #[serde(default)]
    pub inactive_at: Option<String>,
    /// UTC, RFC 3339: when it closes unless someone writes first.
    #[serde(default)]
    pub closes_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_durations_as_operators_write_them() {
        assert_eq!(parse_minutes("90"), Some(Some(90)));
        assert_eq!(parse_minutes("90m"), Some(Some(90)));
        assert_eq!(parse_minutes("2h"), Some(Some(120)));
        assert_eq!(parse_minutes("1h 30m"), Some(Some(90)));
        assert_eq!(parse_minutes("1d"), Some(Some(1440)));
        assert_eq!(parse_minutes("2W"), Some(Some(20160)));
        assert_eq!(parse_minutes("none"), Some(None));
        assert_eq!(parse_minutes("No end"), Some(None));
        assert_eq!(parse_minutes("2 hours"), None);
        assert_eq!(parse_minutes("h"), None);
        assert_eq!(parse_minutes("0m"), None);
        assert_eq!(parse_minutes("5"), Some(Some(5)));
    }

    #[test]
    fn an_end_is_read_from_an_object_only() {
        let end: PairingEnd = serde_json::from_str(r#"{"close_after_minutes":120}"#).unwrap();
        assert_eq!(end, PairingEnd::closing_after(120));
        assert!(serde_json::from_str::<PairingEnd>("[null, null]").is_err());
        assert!(serde_json::from_str::<PairingEnd>("[60, 120]").is_err());
    }

    #[test]
    fn holds_to_twilio_limits() {
        assert_eq!(PairingEnd::closing_after(120).check(), Ok(()));
        assert_eq!(PairingEnd::NEVER.check(), Ok(()));
        assert_eq!(
            PairingEnd::closing_after(9).check(),
            Err(EndProblem::CloseTooShort)
        );
        assert_eq!(
            PairingEnd::closing_after(MAX_END_MINUTES + 1).check(),
            Err(EndProblem::TooLong)
        );
        let late = PairingEnd {
            inactive_after_minutes: Some(120),
            close_after_minutes: Some(60),
        };
        assert_eq!(late.check(), Err(EndProblem::InactiveAfterClose));
        let zero = PairingEnd {
            inactive_after_minutes: Some(0),
            close_after_minutes: None,
        };
        assert_eq!(zero.check(), Err(EndProblem::InactiveTooShort));
    }
}
