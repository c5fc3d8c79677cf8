//! Twilio's JSON bodies, with the field names of the official OpenAPI specs. Only what Switchboard reads.

mod content;
mod conversations;
mod event_config;
mod messages;
mod numbers;
mod participants;
mod webhooks;

use serde::Deserialize;

pub use content::*;
pub use conversations::*;
pub use event_config::*;
pub use messages::*;
pub use numbers::*;
pub use participants::*;
pub use webhooks::*;

/// The `meta` object of every list response.
#[derive(Debug, Clone, Deserialize)]
pub struct PageMeta {
    pub page: u32,
    pub page_size: u32,
    pub next_page_url: Option<String>,
    pub key: String,
}

/// One page of a list: its items and where the next page is.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_page_url: Option<String>,
}

/// A list response body: its items and the link to the next page.
pub trait ListBody: serde::de::DeserializeOwned {
    type Item;
    fn into_page(self) -> Page<Self::Item>;
}

macro_rules! list_body {
    ($list:ty, $field:ident, $item:ty) => {
        impl ListBody for $list {
            type Item = $item;
            fn into_page(self) -> Page<$item> {
                Page {
                    items: self.$field,
                    next_page_url: self.meta.next_page_url,
                }
            }
        }
    };
}

list_body!(ConversationList, conversations, Conversation);
list_body!(
    ParticipantConversationList,
    conversations,
    ParticipantConversation
);
list_body!(ParticipantList, participants, Participant);
list_body!(MessageList, messages, Message);
list_body!(ReceiptList, delivery_receipts, Receipt);
list_body!(ScopedWebhookList, webhooks, ScopedWebhook);
list_body!(ContentAndApprovalsList, contents, ContentAndApprovals);
list_body!(MessagingServiceList, services, MessagingService);
list_body!(ServicePhoneNumberList, phone_numbers, ServicePhoneNumber);
list_body!(ChannelSenderList, senders, ChannelSender);
