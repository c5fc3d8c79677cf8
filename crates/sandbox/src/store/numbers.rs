//! The account's own numbers, and the Messaging v1 shapes that list them.

use super::{Channel, Kind, Meta, Number, Store};
use crate::TwilioError;
use crate::sid::new_sid;

/// Whether `address` is `+` and 7 to 15 digits (E.164's longest, and the shortest numbers in use,
/// such as Niue's), or that with the `whatsapp:` prefix.
pub fn is_valid_address(address: &str) -> bool {
    let number = address.strip_prefix("whatsapp:").unwrap_or(address);
    number.strip_prefix('+').is_some_and(|digits| {
        (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

impl Store {
    pub fn add_number(&mut self, address: &str, country_code: &str) -> Number {
        let prefix = match Channel::of(address) {
            Channel::Sms => "PN",
            Channel::Whatsapp => "XE",
        };
        let number = Number {
            sid: new_sid(prefix),
            address: address.to_owned(),
            country_code: country_code.to_owned(),
            date_created: self.now(),
        };
        self.touch(Kind::Number, &number.sid);
        self.numbers.push(number.clone());
        number
    }

    pub fn owns_number(&self, address: &str) -> bool {
        self.numbers.iter().any(|n| n.address == address)
    }

    pub fn numbers(&self, channel: Channel) -> impl Iterator<Item = &Number> {
        self.numbers.iter().filter(move |n| n.channel() == channel)
    }

    /// The account's one Messaging Service, by its SID.
    pub fn messaging_service(&self, sid: &str) -> Result<&Meta, TwilioError> {
        if sid == self.meta.messaging_service_sid {
            Ok(&self.meta)
        } else {
            Err(TwilioError::not_found(&format!("/v1/Services/{sid}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_e164_with_an_optional_whatsapp_prefix() {
        assert!(is_valid_address("+15550100001"));
        assert!(is_valid_address("whatsapp:+34600000001"));
        assert!(is_valid_address("+6834002"));
        assert!(is_valid_address("+123456789012345"));
        assert!(!is_valid_address("+683400"));
        assert!(!is_valid_address("+1234567890123456"));
        assert!(!is_valid_address("15550100001"));
        assert!(!is_valid_address("whatsapp:34600000001"));
        assert!(!is_valid_address("+1555-010"));
        assert!(!is_valid_address("sms:+15550100001"));
    }
}
