//! What `GET /api/v1/events` streams to open pages: something one instance of the server learned
//! (an import row done, an opt-in step), told to every instance's pages. An event is a hint to
//! re-read, never the record: the resource it names is.

use serde::{Deserialize, Serialize};

use super::{ImportRowState, OptInState};

/// One event, sent as the JSON `data` of a Server-Sent Event; `kind` says which.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A row of an import was stored in a new state.
    ImportProgress {
        import_id: i64,
        /// The row's line in the file.
        line: usize,
        state: ImportRowState,
    },
    /// Every row of the import is done.
    ImportFinished { import_id: i64 },
    /// A conversation's opt-in relay moved to `state`.
    OptIn {
        conversation_sid: String,
        state: OptInState,
    },
    /// A conversation or one of its participants changed (names, state, timers, people).
    ConversationChanged { conversation_sid: String },
    /// A conversation was deleted.
    ConversationRemoved { conversation_sid: String },
    /// A message was added to a conversation (by anyone: a handset, an operator, the API).
    MessageAdded {
        conversation_sid: String,
        index: i64,
    },
    /// A message's delivery to one participant moved on (sent, delivered, read, failed…).
    DeliveryUpdated {
        conversation_sid: String,
        index: i64,
        status: String,
    },
    /// The first walk of the account read more conversations.
    MirrorProgress { done: u64 },
    /// This stream fell behind and skipped `count` events: re-read whatever the page shows.
    Missed { count: u64 },
}

impl Event {
    pub fn row(import_id: i64, line: i64, state: ImportRowState) -> Event {
        Event::ImportProgress {
            import_id,
            line: usize::try_from(line).unwrap_or_default(),
            state,
        }
    }

    pub fn finished(import_id: i64) -> Event {
        Event::ImportFinished { import_id }
    }

    pub fn opt_in(conversation_sid: &str, state: OptInState) -> Event {
        Event::OptIn {
            conversation_sid: conversation_sid.to_owned(),
            state,
        }
    }

    /// The conversation this event is about, if any.
    pub fn conversation_sid(&self) -> Option<&str> {
        match self {
            Event::OptIn {
                conversation_sid, ..
            }
            | Event::ConversationChanged { conversation_sid }
            | Event::ConversationRemoved { conversation_sid }
            | Event::MessageAdded {
                conversation_sid, ..
            }
            | Event::DeliveryUpdated {
                conversation_sid, ..
            } => Some(conversation_sid),
            _ => None,
        }
    }

    /// The import this event is about, if any.
    pub fn import_id(&self) -> Option<i64> {
        match self {
            Event::ImportProgress { import_id, .. } | Event::ImportFinished { import_id } => {
                Some(*import_id)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_tagged_by_kind_in_snake_case() {
        let row = serde_json::to_value(Event::row(7, 3, ImportRowState::Created)).unwrap();
        assert_eq!(
            row,
            serde_json::json!({ "kind": "import_progress", "import_id": 7, "line": 3, "state": "created" })
        );
        let opt_in = Event::opt_in("CH1", OptInState::Waiting);
        let text = serde_json::to_string(&opt_in).unwrap();
        assert_eq!(
            text,
            r#"{"kind":"opt_in","conversation_sid":"CH1","state":"waiting"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), opt_in);
        assert_eq!(Event::finished(7).import_id(), Some(7));
        assert_eq!(opt_in.import_id(), None);
    }
}
