//! Typed calls on Twilio's messages.

use super::segment;
use crate::form::Form;
use crate::wire::{Message, MessageList, Page, Receipt, ReceiptList};
use crate::{Client, Error};

/// A message to send: free-form (`body`) or a template (`content_sid` with `content_variables`).
#[derive(Debug, Clone, Default)]
pub struct NewMessage {
    /// Who it is from, as the other participants see it; `system` when `None`.
    pub author: Option<String>,
    pub body: Option<String>,
    pub content_sid: Option<String>,
    /// A JSON object as text, e.g. `{"1":"Robert"}`.
    pub content_variables: Option<String>,
    pub attributes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageOrder {
    OldestFirst,
    NewestFirst,
}

impl Client {
    fn messages_url(&self, conversation: &str) -> String {
        format!(
            "{}/v1/Conversations/{}/Messages",
            self.bases.conversations,
            segment(conversation)
        )
    }

    pub async fn send_message(
        &self,
        conversation: &str,
        message: &NewMessage,
    ) -> Result<Message, Error> {
        let form = Form::new()
            .maybe("Author", message.author.clone())
            .maybe("Body", message.body.clone())
            .maybe("ContentSid", message.content_sid.clone())
            .maybe("ContentVariables", message.content_variables.clone())
            .maybe("Attributes", message.attributes.clone());
        self.post(&self.messages_url(conversation), &form).await
    }

    /// The first page of a conversation's messages in `order`.
    pub async fn messages_page(
        &self,
        conversation: &str,
        order: MessageOrder,
        page_size: u32,
    ) -> Result<Page<Message>, Error> {
        let order = match order {
            MessageOrder::OldestFirst => "asc",
            MessageOrder::NewestFirst => "desc",
        };
        self.page::<MessageList>(&format!(
            "{}?Order={order}&PageSize={page_size}",
            self.messages_url(conversation)
        ))
        .await
    }

    /// Up to `limit` of a conversation's messages, oldest first, following the pages.
    pub async fn all_messages(
        &self,
        conversation: &str,
        limit: usize,
    ) -> Result<Vec<Message>, Error> {
        let url = format!("{}?Order=asc&PageSize=100", self.messages_url(conversation));
        self.collect::<MessageList>(url, limit).await
    }

    /// Per-participant delivery receipts of one message (where a failed WhatsApp send shows its error).
    pub async fn message_receipts(
        &self,
        conversation: &str,
        message_sid: &str,
    ) -> Result<Vec<Receipt>, Error> {
        let url = format!(
            "{}/{}/Receipts?PageSize=50",
            self.messages_url(conversation),
            segment(message_sid)
        );
        self.collect::<ReceiptList>(url, 1_000).await
    }
}

impl Client {
    /// One message by SID (`IM…`) or index.
    pub async fn fetch_message(&self, conversation: &str, message: &str) -> Result<Message, Error> {
        self.get(&format!(
            "{}/{}",
            self.messages_url(conversation),
            segment(message)
        ))
        .await
    }
}
