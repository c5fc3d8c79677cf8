//! Typed calls on Twilio's conversations.

use super::participants::NewParticipant;
use super::{segment, url_with};
use crate::form::Form;
use crate::wire::{
    Conversation, ConversationList, Page, ParticipantConversation, ParticipantConversationList,
};
use crate::{Client, Error};

/// Form fields of a conversation create or update; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ConversationParams {
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    /// A JSON object as text.
    pub attributes: Option<String>,
    /// `active`, `inactive` or `closed`.
    pub state: Option<String>,
    /// ISO 8601 durations, e.g. `PT10M`.
    pub timers_inactive: Option<String>,
    pub timers_closed: Option<String>,
}

impl ConversationParams {
    fn form(&self) -> Form {
        Form::new()
            .maybe("FriendlyName", self.friendly_name.clone())
            .maybe("UniqueName", self.unique_name.clone())
            .maybe("Attributes", self.attributes.clone())
            .maybe("State", self.state.clone())
            .maybe("Timers.Inactive", self.timers_inactive.clone())
            .maybe("Timers.Closed", self.timers_closed.clone())
    }
}

/// Filters of the conversations list.
#[derive(Debug, Clone, Default)]
pub struct ConversationQuery {
    pub state: Option<String>,
    pub page_size: Option<u32>,
}

/// The largest page the Conversations list accepts.
const MAX_PAGE_SIZE: usize = 100;

/// A creation-date floor before any conversation: with a date range Twilio lists newest first.
const NEWEST_FIRST: (&str, &str) = ("StartDate", "2000-01-01T00:00:00Z");

impl Client {
    /// Up to `limit` conversations, oldest first, following `next_page_url` across pages.
    pub async fn list_conversations(&self, limit: usize) -> Result<Vec<Conversation>, Error> {
        let size = limit.clamp(1, MAX_PAGE_SIZE).to_string();
        let url = url_with(
            &self.bases.conversations,
            "/v1/Conversations",
            &[("PageSize", &size)],
        );
        self.collect::<ConversationList>(url, limit).await
    }

    /// Up to `limit` conversations in `state` (all states when `None`), newest first.
    pub async fn list_conversations_filtered(
        &self,
        state: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Conversation>, Error> {
        let size = limit.clamp(1, MAX_PAGE_SIZE).to_string();
        let mut params = vec![("PageSize", size.as_str()), NEWEST_FIRST];
        if let Some(state) = state {
            params.push(("State", state));
        }
        let url = url_with(&self.bases.conversations, "/v1/Conversations", &params);
        self.collect::<ConversationList>(url, limit).await
    }

    /// One page of conversations, newest first: the first for `query`, or the one at `position`
    /// (the `Page` and `PageToken` of an earlier page's `next_page_url`).
    pub async fn conversations_page(
        &self,
        query: &ConversationQuery,
        position: Option<(u32, &str)>,
    ) -> Result<Page<Conversation>, Error> {
        let size = query.page_size.unwrap_or(50).to_string();
        let page_number;
        let mut params = vec![("PageSize", size.as_str()), NEWEST_FIRST];
        if let Some(state) = &query.state {
            params.push(("State", state));
        }
        if let Some((page, token)) = position {
            page_number = page.to_string();
            params.push(("Page", &page_number));
            params.push(("PageToken", token));
        }
        let url = url_with(&self.bases.conversations, "/v1/Conversations", &params);
        self.page::<ConversationList>(&url).await
    }

    /// By SID (`CH…`) or unique name.
    pub async fn fetch_conversation(&self, sid: &str) -> Result<Conversation, Error> {
        self.get(&format!(
            "{}/v1/Conversations/{}",
            self.bases.conversations,
            segment(sid)
        ))
        .await
    }

    pub async fn create_conversation(
        &self,
        params: &ConversationParams,
    ) -> Result<Conversation, Error> {
        self.post(
            &format!("{}/v1/Conversations", self.bases.conversations),
            &params.form(),
        )
        .await
    }

    pub async fn update_conversation(
        &self,
        sid: &str,
        params: &ConversationParams,
    ) -> Result<Conversation, Error> {
        let url = format!(
            "{}/v1/Conversations/{}",
            self.bases.conversations,
            segment(sid)
        );
        self.post(&url, &params.form()).await
    }

    /// Deletes the conversation with its messages and participants, freeing its number pairs.
    pub async fn delete_conversation(&self, sid: &str) -> Result<(), Error> {
        self.delete(&format!(
            "{}/v1/Conversations/{}",
            self.bases.conversations,
            segment(sid)
        ))
        .await
    }

    /// A conversation and its participants in one request: all or nothing (50425 when a pair is in use).
    pub async fn create_conversation_with_participants(
        &self,
        params: &ConversationParams,
        participants: &[NewParticipant],
    ) -> Result<Conversation, Error> {
        let form = params.form().each(
            "Participant",
            participants.iter().map(NewParticipant::to_json),
        );
        self.post(
            &format!(
                "{}/v1/ConversationWithParticipants",
                self.bases.conversations
            ),
            &form,
        )
        .await
    }

    /// Every conversation `address` (e.g. `whatsapp:+34600000001`) takes part in, with its state.
    pub async fn participant_conversations(
        &self,
        address: &str,
    ) -> Result<Vec<ParticipantConversation>, Error> {
        let url = url_with(
            &self.bases.conversations,
            "/v1/ParticipantConversations",
            &[("Address", address), ("PageSize", "50")],
        );
        self.collect::<ParticipantConversationList>(url, usize::MAX)
            .await
    }
}
