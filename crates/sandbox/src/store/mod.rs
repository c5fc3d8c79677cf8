//! The sandbox's in-memory account: every resource it holds, in creation order.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::sid::new_sid;
use crate::time_format;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationState {
    Active,
    Inactive,
    Closed,
}

impl ConversationState {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "active" => Some(ConversationState::Active),
            "inactive" => Some(ConversationState::Inactive),
            "closed" => Some(ConversationState::Closed),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ConversationState::Active => "active",
            ConversationState::Inactive => "inactive",
            ConversationState::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Conversation {
    pub sid: String,
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub attributes: String,
    pub state: ConversationState,
    pub date_created: OffsetDateTime,
    pub date_updated: OffsetDateTime,
}

/// What a new conversation is made of; the store adds the SID and times.
#[derive(Debug, Clone, Default)]
pub struct NewConversation {
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub attributes: Option<String>,
    pub state: Option<ConversationState>,
    pub date_created: Option<OffsetDateTime>,
}

pub struct Store {
    account_sid: String,
    chat_service_sid: String,
    messaging_service_sid: String,
    next_position: u64,
    conversations: BTreeMap<u64, Conversation>,
    conversation_positions: HashMap<String, u64>,
}

impl Store {
    pub fn new(account_sid: String) -> Self {
        Store {
            account_sid,
            chat_service_sid: new_sid("IS"),
            messaging_service_sid: new_sid("MG"),
            next_position: 0,
            conversations: BTreeMap::new(),
            conversation_positions: HashMap::new(),
        }
    }

    pub fn unique_name_taken(&self, unique_name: &str) -> bool {
        self.conversations
            .values()
            .any(|c| c.unique_name.as_deref() == Some(unique_name))
    }

    pub fn create_conversation(&mut self, new: NewConversation) -> &Conversation {
        let now = OffsetDateTime::now_utc();
        let created = new.date_created.unwrap_or(now);
        let conversation = Conversation {
            sid: new_sid("CH"),
            friendly_name: new.friendly_name,
            unique_name: new.unique_name,
            attributes: new.attributes.unwrap_or_else(|| "{}".to_owned()),
            state: new.state.unwrap_or(ConversationState::Active),
            date_created: created,
            date_updated: created,
        };
        let position = self.next_position;
        self.next_position += 1;
        self.conversation_positions
            .insert(conversation.sid.clone(), position);
        self.conversations.entry(position).or_insert(conversation)
    }

    /// Conversations in creation order, filtered by state when one is given.
    pub fn conversations(
        &self,
        state: Option<ConversationState>,
    ) -> impl Iterator<Item = &Conversation> {
        self.conversations
            .values()
            .filter(move |c| state.is_none_or(|s| c.state == s))
    }

    /// The JSON Twilio returns for a conversation; `origin` is the scheme and host the client called.
    pub fn conversation_json(&self, conversation: &Conversation, origin: &str) -> Value {
        let url = format!("{origin}/v1/Conversations/{}", conversation.sid);
        json!({
            "account_sid": self.account_sid,
            "chat_service_sid": self.chat_service_sid,
            "messaging_service_sid": self.messaging_service_sid,
            "sid": conversation.sid,
            "friendly_name": conversation.friendly_name,
            "unique_name": conversation.unique_name,
            "attributes": conversation.attributes,
            "state": conversation.state.as_str(),
            "date_created": time_format::format(conversation.date_created),
            "date_updated": time_format::format(conversation.date_updated),
            "timers": {},
            "url": url,
            "links": {
                "participants": format!("{url}/Participants"),
                "messages": format!("{url}/Messages"),
                "webhooks": format!("{url}/Webhooks"),
            },
            "bindings": null,
        })
    }
}
