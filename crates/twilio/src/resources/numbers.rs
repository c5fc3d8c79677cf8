//! Typed calls on the Messaging API's business numbers: SMS numbers and WhatsApp senders of a service.

use super::segment;
use crate::wire::{ChannelSenderList, MessagingServiceList, ServicePhoneNumberList};
use crate::{Client, Error};

impl Client {
    /// The account's sending addresses across its messaging services: SMS numbers as `+E164`,
    /// channel senders as Twilio names them (`whatsapp:+E164`). Sorted, without repeats.
    pub async fn account_numbers(&self) -> Result<Vec<String>, Error> {
        let base = &self.bases.messaging;
        let services = self
            .collect::<MessagingServiceList>(format!("{base}/v1/Services?PageSize=100"), 1_000)
            .await?;
        let mut numbers = Vec::new();
        for service in services {
            let service_url = format!("{base}/v1/Services/{}", segment(&service.sid));
            let phones = self.collect::<ServicePhoneNumberList>(
                format!("{service_url}/PhoneNumbers?PageSize=100"),
                10_000,
            );
            let senders = self.collect::<ChannelSenderList>(
                format!("{service_url}/ChannelSenders?PageSize=100"),
                10_000,
            );
            let (phones, senders) = tokio::try_join!(phones, senders)?;
            numbers.extend(phones.into_iter().filter_map(|p| p.phone_number));
            numbers.extend(senders.into_iter().filter_map(|s| s.sender));
        }
        numbers.sort();
        numbers.dedup();
        Ok(numbers)
    }
}
