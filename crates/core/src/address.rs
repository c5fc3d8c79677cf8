//! Phone addresses as Twilio stores them: E.164, with the `whatsapp:` prefix for WhatsApp.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::Said;

const WHATSAPP_PREFIX: &str = "whatsapp:";

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    Whatsapp,
}

/// A phone address as Twilio stores it: E.164, with the `whatsapp:` prefix on WhatsApp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    channel: Channel,
    /// E.164 digits with the leading `+`.
    number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("enter a phone number")]
    Empty,
    #[error("start the number with + and the country code, e.g. +34 600 000 001")]
    MissingCountryCode,
    #[error("a phone number may hold only digits, spaces, dashes, dots and brackets")]
    InvalidCharacter,
    #[error("a phone number has 7 to 15 digits after the +, this one has {0}")]
    WrongLength(usize),
    #[error("a country code never starts with 0")]
    LeadingZero,
}

impl AddressError {
    /// The problem as the catalog of refusals has it, so a page says it in the operator's words.
    pub fn said(&self) -> Said {
        match self {
            AddressError::Empty => Said::new("number_empty"),
            AddressError::MissingCountryCode => Said::new("number_country_code"),
            AddressError::InvalidCharacter => Said::new("number_characters"),
            AddressError::WrongLength(digits) => Said::new("number_length").with("digits", digits),
            AddressError::LeadingZero => Said::new("number_leading_zero"),
        }
    }
}

impl Address {
    /// Parses what a person typed or what Twilio sent: `+1 (555) 010-0001`, `whatsapp:+34600000001`.
    pub fn parse(text: &str) -> Result<Self, AddressError> {
        let text = text.trim();
        let (channel, rest) = match text.strip_prefix(WHATSAPP_PREFIX) {
            Some(rest) => (Channel::Whatsapp, rest.trim_start()),
            None => (Channel::Sms, text),
        };
        Ok(Address {
            channel,
            number: parse_e164(rest)?,
        })
    }

    /// The same number on `channel`: what the operator's channel toggle does.
    pub fn on(number: &str, channel: Channel) -> Result<Self, AddressError> {
        let number = Address::parse(number)?.number;
        Ok(Address { channel, number })
    }

    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// The E.164 number without a channel prefix.
    pub fn e164(&self) -> &str {
        &self.number
    }
}

/// The wire form: `+15550100001` or `whatsapp:+34600000001`.
impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.channel == Channel::Whatsapp {
            f.write_str(WHATSAPP_PREFIX)?;
        }
        f.write_str(&self.number)
    }
}

fn parse_e164(text: &str) -> Result<String, AddressError> {
    if text.is_empty() {
        return Err(AddressError::Empty);
    }
    let digits_part = text
        .strip_prefix('+')
        .ok_or(AddressError::MissingCountryCode)?;
    let mut number = String::from("+");
    for c in digits_part.chars() {
        match c {
            '0'..='9' => number.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(AddressError::InvalidCharacter),
        }
    }
    let digits = number.len() - 1;
    if !(7..=15).contains(&digits) {
        return Err(AddressError::WrongLength(digits));
    }
    if number.as_bytes()[1] == b'0' {
        return Err(AddressError::LeadingZero);
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_typed_sms_number_into_e164() {
        let address = Address::parse(" +1 (555) 010-0001 ").unwrap();
        assert_eq!(address.channel(), Channel::Sms);
        assert_eq!(address.to_string(), "+15550100001");
    }

    #[test]
    fn keeps_the_whatsapp_prefix() {
        let address = Address::parse("whatsapp:+34 600 000 001").unwrap();
        assert_eq!(address.channel(), Channel::Whatsapp);
        assert_eq!(address.e164(), "+34600000001");
        assert_eq!(address.to_string(), "whatsapp:+34600000001");
    }

    #[test]
    fn moves_a_number_to_another_channel() {
        let address = Address::on("whatsapp:+34600000001", Channel::Sms).unwrap();
        assert_eq!(address.to_string(), "+34600000001");
    }

    #[test]
    fn says_what_is_wrong_with_a_bad_number() {
        assert_eq!(Address::parse(""), Err(AddressError::Empty));
        assert_eq!(
            Address::parse("600 000 001"),
            Err(AddressError::MissingCountryCode)
        );
        assert_eq!(
            Address::parse("+34 600 abc"),
            Err(AddressError::InvalidCharacter)
        );
        assert_eq!(Address::parse("+12345"), Err(AddressError::WrongLength(5)));
        assert_eq!(
            Address::parse("+0123456789"),
            Err(AddressError::LeadingZero)
        );
    }
}
