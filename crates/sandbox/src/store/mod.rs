//! The sandbox's account: every resource it holds, in creation order, with a journal of what
//! changed (for persistence) and an outbox of webhooks to send once the change is committed.

pub(crate) mod content;
mod conversation_list;
pub(crate) mod conversations;
pub(crate) mod event_config;
pub(crate) mod events;
mod index;
pub(crate) mod messages;
pub mod model;
pub(crate) mod numbers;
pub(crate) mod participant_conversations;
pub(crate) mod participants;
pub(crate) mod phones;
mod timers;
pub(crate) mod webhooks;
mod with_participants;

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use crate::clock::Clock;
use crate::sid::new_sid;
pub use conversations::{ConversationUpdate, NewConversation};
pub use event_config::EventHooksUpdate;
pub use events::Dispatch;
pub use messages::{MessageUpdate, NewMessage};
pub use model::*;
pub use participants::{NewParticipant, ParticipantUpdate};
pub use phones::Inbound;
pub use webhooks::WebhookConfig;

/// Which list a record belongs to, as named in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Meta,
    Conversation,
    Participant,
    Message,
    Webhook,
    Content,
    Number,
    Handset,
    Window,
    Delivery,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Meta,
        Kind::Conversation,
        Kind::Participant,
        Kind::Message,
        Kind::Webhook,
        Kind::Content,
        Kind::Number,
        Kind::Handset,
        Kind::Window,
        Kind::Delivery,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Meta => "meta",
            Kind::Conversation => "conversation",
            Kind::Participant => "participant",
            Kind::Message => "message",
            Kind::Webhook => "webhook",
            Kind::Content => "content",
            Kind::Number => "number",
            Kind::Handset => "handset",
            Kind::Window => "window",
            Kind::Delivery => "delivery",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A record to write (`body`) or delete (`None`).
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: Kind,
    pub key: String,
    pub body: Option<String>,
}

pub struct Store {
    pub(crate) account_sid: String,
    pub(crate) clock: Arc<Clock>,
    pub(crate) meta: Meta,
    pub(crate) conversations: Vec<Conversation>,
    pub(crate) participants: Vec<Participant>,
    pub(crate) messages: Vec<Message>,
    pub(crate) webhooks: Vec<Webhook>,
    pub(crate) contents: Vec<Content>,
    pub(crate) numbers: Vec<Number>,
    pub(crate) handsets: Vec<HandsetMessage>,
    pub(crate) windows: Vec<Window>,
    pub(crate) deliveries: Vec<Delivery>,
    /// The sandbox's faults, of which the store reads the `unreachable` handsets.
    pub(crate) faults: Arc<crate::faults::Faults>,
    dirty: Vec<(Kind, String)>,
    outbox: Vec<Dispatch>,
    index: index::Index,
}

impl Store {
    pub fn new(account_sid: String, clock: Arc<Clock>) -> Self {
        let meta = Meta {
            sid: "account".into(),
            chat_service_sid: new_sid("IS"),
            messaging_service_sid: new_sid("MG"),
            messaging_service_created: clock.now(),
            clock_offset_ms: clock.offset_ms(),
            account_events: EventHooks::default(),
            service_events: EventHooks::default(),
        };
        let mut store = Store {
            account_sid,
            clock,
            meta,
            conversations: Vec::new(),
            participants: Vec::new(),
            messages: Vec::new(),
            webhooks: Vec::new(),
            contents: Vec::new(),
            numbers: Vec::new(),
            handsets: Vec::new(),
            windows: Vec::new(),
            deliveries: Vec::new(),
            faults: Arc::default(),
            dirty: Vec::new(),
            outbox: Vec::new(),
            index: index::Index::default(),
        };
        store.touch(Kind::Meta, "account");
        store
    }

    /// Rebuilds a store from stored records, oldest first.
    pub fn from_records(
        account_sid: String,
        clock: Arc<Clock>,
        records: Vec<(String, String)>,
    ) -> Result<Self, String> {
        let mut store = Store::new(account_sid, clock);
        store.dirty.clear();
        for (kind, body) in records {
            let kind = Kind::parse(&kind).ok_or_else(|| format!("unknown record kind {kind}"))?;
            let bad = |e: serde_json::Error| format!("a stored {} is damaged: {e}", kind.name());
            match kind {
                Kind::Meta => store.meta = serde_json::from_str(&body).map_err(bad)?,
                Kind::Conversation => store
                    .conversations
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Participant => store
                    .participants
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Message => store
                    .messages
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Webhook => store
                    .webhooks
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Content => store
                    .contents
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Number => store
                    .numbers
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Handset => store
                    .handsets
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Window => store
                    .windows
                    .push(serde_json::from_str(&body).map_err(bad)?),
                Kind::Delivery => store
                    .deliveries
                    .push(serde_json::from_str(&body).map_err(bad)?),
            }
        }
        store.reindex();
        Ok(store)
    }

    /// Whether the account holds anything yet (the demo seed goes only into an empty one).
    pub fn is_empty(&self) -> bool {
        self.conversations.is_empty() && self.contents.is_empty() && self.numbers.is_empty()
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub(crate) fn touch(&mut self, kind: Kind, key: &str) {
        self.dirty.push((kind, key.to_owned()));
    }

    /// What changed since the last call, each record once, in the order first changed.
    pub fn take_changes(&mut self) -> Vec<Change> {
        self.meta.clock_offset_ms = self.clock.offset_ms();
        let mut seen = std::collections::HashSet::new();
        let dirty = std::mem::take(&mut self.dirty);
        dirty
            .into_iter()
            .filter(|entry| seen.insert(entry.clone()))
            .map(|(kind, key)| Change {
                body: self.record_body(kind, &key),
                kind,
                key,
            })
            .collect()
    }

    /// Forgets what changed, for a store no database keeps.
    pub fn discard_changes(&mut self) {
        self.dirty.clear();
    }

    pub fn take_outbox(&mut self) -> Vec<Dispatch> {
        std::mem::take(&mut self.outbox)
    }

    fn record_body(&self, kind: Kind, key: &str) -> Option<String> {
        fn json<T: Serialize>(record: &T) -> String {
            serde_json::to_string(record).expect("records serialise")
        }
        // Newest first: what changed is nearly always what was just added.
        fn find<T: Serialize>(list: &[T], key: impl Fn(&T) -> bool) -> Option<String> {
            list.iter().rev().find(|r| key(r)).map(json)
        }
        match kind {
            Kind::Meta => Some(json(&self.meta)),
            Kind::Conversation => self
                .conversation_position(key)
                .map(|i| json(&self.conversations[i])),
            Kind::Participant => find(&self.participants, |r| r.sid == key),
            Kind::Message => find(&self.messages, |r| r.sid == key),
            Kind::Webhook => find(&self.webhooks, |r| r.sid == key),
            Kind::Content => find(&self.contents, |r| r.sid == key),
            Kind::Number => find(&self.numbers, |r| r.sid == key),
            Kind::Handset => find(&self.handsets, |r| r.sid == key),
            Kind::Window => self.window_position(key).map(|i| json(&self.windows[i])),
            Kind::Delivery => find(&self.deliveries, |r| r.sid == key),
        }
    }

    pub fn record_delivery(&mut self, delivery: Delivery) {
        self.touch(Kind::Delivery, &delivery.sid);
        self.deliveries.push(delivery);
    }

    pub fn deliveries(&self) -> &[Delivery] {
        &self.deliveries
    }
}
