//! Twilio's JSON for numbers, as the official OpenAPI spec names its fields.

use serde::Deserialize;

/// `messaging.v1.service`
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MessagingService {
    pub sid: String,
    pub friendly_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MessagingServiceList {
    pub services: Vec<MessagingService>,
    pub meta: super::PageMeta,
}

/// `messaging.v1.service.phone_number`: an SMS sender.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ServicePhoneNumber {
    pub sid: String,
    pub phone_number: Option<String>,
    pub country_code: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServicePhoneNumberList {
    pub phone_numbers: Vec<ServicePhoneNumber>,
    pub meta: super::PageMeta,
}

/// `messaging.v1.service.channel_sender`: e.g. a WhatsApp sender `whatsapp:+1…`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ChannelSender {
    pub sid: Option<String>,
    pub sender: Option<String>,
    pub sender_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ChannelSenderList {
    pub senders: Vec<ChannelSender>,
    pub meta: super::PageMeta,
}
