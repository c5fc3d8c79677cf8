//! The account's own numbers, and the Messaging v1 shapes that list them.

use serde_json::{Value, json};

use super::{Channel, Kind, Number, Store};
use crate::sid::new_sid;
use crate::time_format::format;

/// Whether `address` is `+` and 8 to 15 digits, or that with the `whatsapp:` prefix.
pub fn is_valid_address(address: &str) -> bool {
    let number = address.strip_prefix("whatsapp:").unwrap_or(address);
    number.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
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

    pub fn messaging_service_sid(&self) -> &str {
        &self.meta.messaging_service_sid
    }

    pub fn messaging_service_json(&self, origin: &str) -> Value {
        let sid = &self.meta.messaging_service_sid;
        let url = format!("{origin}/messaging/v1/Services/{sid}");
        let created = format(self.meta.messaging_service_created);
        json!({
            "sid": sid,
            "account_sid": self.account_sid,
            "friendly_name": "Switchboard sandbox",
            "date_created": created,
            "date_updated": created,
            "inbound_request_url": null,
            "inbound_method": "POST",
            "fallback_url": null,
            "fallback_method": "POST",
            "status_callback": null,
            "sticky_sender": true,
            "mms_converter": true,
            "smart_encoding": true,
            "scan_message_content": "inherit",
            "fallback_to_long_code": true,
            "area_code_geomatch": true,
            "synchronous_validation": false,
            "validity_period": 14400,
            "url": url,
            "links": {
                "phone_numbers": format!("{url}/PhoneNumbers"),
                "short_codes": format!("{url}/ShortCodes"),
                "alpha_senders": format!("{url}/AlphaSenders"),
                "channel_senders": format!("{url}/ChannelSenders"),
            },
            "usecase": "mixed",
            "us_app_to_person_registered": false,
            "use_inbound_webhook_on_number": false,
        })
    }

    pub fn phone_number_json(&self, number: &Number, origin: &str) -> Value {
        let service = &self.meta.messaging_service_sid;
        json!({
            "sid": number.sid,
            "account_sid": self.account_sid,
            "service_sid": service,
            "date_created": format(number.date_created),
            "date_updated": format(number.date_created),
            "phone_number": number.address,
            "country_code": number.country_code,
            "capabilities": ["SMS", "MMS"],
            "url": format!("{origin}/messaging/v1/Services/{service}/PhoneNumbers/{}", number.sid),
        })
    }

    pub fn channel_sender_json(&self, number: &Number, origin: &str) -> Value {
        let service = &self.meta.messaging_service_sid;
        json!({
            "account_sid": self.account_sid,
            "messaging_service_sid": service,
            "sid": number.sid,
            "sender": number.address,
            "sender_type": "WhatsApp",
            "country_code": number.country_code,
            "date_created": format(number.date_created),
            "date_updated": format(number.date_created),
            "url": format!("{origin}/messaging/v1/Services/{service}/ChannelSenders/{}", number.sid),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_e164_with_an_optional_whatsapp_prefix() {
        assert!(is_valid_address("+15550100001"));
        assert!(is_valid_address("whatsapp:+34600000001"));
        assert!(!is_valid_address("15550100001"));
        assert!(!is_valid_address("whatsapp:34600000001"));
        assert!(!is_valid_address("+1555-010"));
        assert!(!is_valid_address("sms:+15550100001"));
    }
}
