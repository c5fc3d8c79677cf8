//! The list's query parameters read into what the mirror answers: a search, a sort, filters and
//! a keyset position; every bad one is refused with a sentence saying what to fix.

use switchboard_core::Address;

use crate::error::{AppError, Sentence, said};

/// The list's order: newest activity first (the default), or newest created first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Activity,
    Created,
}

impl Sort {
    pub fn parse(text: Option<&str>) -> Result<Sort, AppError> {
        match text.unwrap_or("") {
            "" | "activity" => Ok(Sort::Activity),
            "created" => Ok(Sort::Created),
            other => Err(AppError::invalid(said!(list_sort, value = other))),
        }
    }

    /// The column the keyset runs on.
    pub fn column(self) -> &'static str {
        match self {
            Sort::Activity => "activity_ms",
            Sort::Created => "created_ms",
        }
    }

    fn letter(self) -> char {
        match self {
            Sort::Activity => 'a',
            Sort::Created => 'c',
        }
    }
}

/// What a row must be to be listed; `state` aside, these also bound the counts.
#[derive(Debug, Default, Clone)]
pub struct Filters {
    /// Lower-cased text to find inside the `search` column.
    pub text: Option<String>,
    pub state: Option<String>,
    /// `sms`, `whatsapp` or `mixed`.
    pub channel: Option<String>,
    /// A business number in E.164, without `whatsapp:`.
    pub number: Option<String>,
    /// `true`: the window is open now; `false`: closed (or the person never wrote).
    pub window_open: Option<bool>,
    /// `true`: has an uncleared failed delivery; `false`: has none.
    pub failed: Option<bool>,
}

impl Filters {
    /// Whether a filter only the mirror can apply is set (the live read can search and filter
    /// by state, nothing else).
    pub fn needs_mirror(&self) -> Option<&'static str> {
        if self.channel.is_some() {
            Some("channel")
        } else if self.number.is_some() {
            Some("number")
        } else if self.window_open.is_some() {
            Some("window")
        } else if self.failed.is_some() {
            Some("failed")
        } else {
            None
        }
    }
}

/// The text `q` is looked for as: lower-cased; a phone number typed with `whatsapp:`, spaces,
/// dashes or brackets is reduced to its `+` and digits, as addresses are stored.
pub fn needle(q: &str) -> String {
    let lower = q.trim().to_lowercase();
    let bare = lower.strip_prefix("whatsapp:").unwrap_or(&lower).trim();
    let phone_like = bare
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && bare.chars().filter(char::is_ascii_digit).count() >= 3;
    if phone_like {
        bare.chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    } else {
        lower
    }
}

pub fn channel(text: &str) -> Result<String, AppError> {
    match text {
        "sms" | "whatsapp" | "mixed" => Ok(text.to_owned()),
        _ => Err(AppError::invalid(said!(list_channel, value = text))),
    }
}

/// A business number, with or without `whatsapp:`, as its E.164 form.
pub fn number(text: &str) -> Result<String, AppError> {
    Address::parse(text.trim())
        .map(|address| address.e164().to_owned())
        .map_err(|e| {
            AppError::invalid(said!(list_number).within("problem", Sentence::of(e.said())))
        })
}

pub fn window(text: &str) -> Result<bool, AppError> {
    match text {
        "open" => Ok(true),
        "closed" => Ok(false),
        _ => Err(AppError::invalid(said!(list_window, value = text))),
    }
}

pub fn failed(text: &str) -> Result<bool, AppError> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(AppError::invalid(said!(list_failed, value = text))),
    }
}

/// Where the next page starts: the sort key and SID of the last row given out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub key_ms: i64,
    pub sid: String,
}

impl Position {
    /// The opaque cursor for `sort`: its letter, the key and the SID.
    pub fn cursor(&self, sort: Sort) -> String {
        format!("{}{}.{}", sort.letter(), self.key_ms, self.sid)
    }

    /// A cursor [`Position::cursor`] gave out for the same sort.
    pub fn parse(cursor: &str, sort: Sort) -> Result<Position, AppError> {
        let invalid = || AppError::invalid(said!(list_cursor_sort));
        let rest = cursor.strip_prefix(sort.letter()).ok_or_else(invalid)?;
        let (key, sid) = rest.split_once('.').ok_or_else(invalid)?;
        let key_ms = key.parse::<i64>().map_err(|_| invalid())?;
        let sid_ok =
            !sid.is_empty() && sid.len() <= 64 && sid.chars().all(|c| c.is_ascii_alphanumeric());
        if !sid_ok {
            return Err(invalid());
        }
        Ok(Position {
            key_ms,
            sid: sid.to_owned(),
        })
    }
}

/// A `LIKE` pattern needing no escape on either engine, for the trigram lookup: the pattern's own
/// characters become `_` (any one), so it finds a few more, which the exact pattern then drops.
pub fn loose_pattern(needle: &str) -> String {
    let loose: String = needle
        .chars()
        .map(|c| {
            if matches!(c, '%' | '_' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("%{loose}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_looked_for_as_they_are_stored() {
        assert_eq!(needle("whatsapp:+34 600 000 001"), "+34600000001");
        assert_eq!(needle(" (600) 000-001 "), "600000001");
        assert_eq!(needle("Order 88"), "order 88");
        assert_eq!(needle("12"), "12");
    }

    #[test]
    fn a_cursor_goes_back_to_its_position_and_nothing_else_is_taken() {
        let at = Position {
            key_ms: 1_700_000_000_123,
            sid: "CH0123".into(),
        };
        let cursor = at.cursor(Sort::Activity);
        assert_eq!(Position::parse(&cursor, Sort::Activity).unwrap(), at);
        assert!(Position::parse(&cursor, Sort::Created).is_err());
        assert!(Position::parse("a12.CH'--", Sort::Activity).is_err());
        assert!(Position::parse("1.PT25", Sort::Activity).is_err());
    }

    #[test]
    fn a_trigram_pattern_reads_like_characters_as_any_one() {
        assert_eq!(loose_pattern("50%_a\\"), "%50__a_%");
    }
}
