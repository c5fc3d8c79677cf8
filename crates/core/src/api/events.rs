//! What `GET /api/v1/events` streams to open pages: something one instance of the server learned
//! (an import row done, an opt-in step), told to every instance's pages. An event is a hint to
//! re-read, never the record: the resource it names is.

use serde::{Deserialize, Serialize};

use super::{ImportRowState, OptInState};

/// One event, sent as the JSON `data` of a Server-Sent Event; `kind` says which.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "Wire")]
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

/// An event as the stream's JSON holds it, read flat: serde's reader of an enum tagged inside its
/// object buffers every field first, which is the larger part of the browser's code for reading
/// the stream. `Event::try_from` checks each kind has its fields.
#[derive(Deserialize)]
struct Wire {
    kind: Kind,
    import_id: Option<i64>,
    line: Option<usize>,
    state: Option<State>,
    conversation_sid: Option<String>,
    index: Option<i64>,
    status: Option<String>,
    done: Option<u64>,
    count: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    ImportProgress,
    ImportFinished,
    OptIn,
    ConversationChanged,
    ConversationRemoved,
    MessageAdded,
    DeliveryUpdated,
    MirrorProgress,
    Missed,
}

/// Every `state` an event may carry: an import row's or an opt-in's.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum State {
    Pending,
    Running,
    Created,
    Starting,
    Waiting,
    Connecting,
    Connected,
    Failed,
}

impl State {
    fn of_row(self) -> Result<ImportRowState, String> {
        Ok(match self {
            State::Pending => ImportRowState::Pending,
            State::Running => ImportRowState::Running,
            State::Created => ImportRowState::Created,
            State::Failed => ImportRowState::Failed,
            _ => return Err("an import row's state is pending, running, created or failed".into()),
        })
    }

    fn of_opt_in(self) -> Result<OptInState, String> {
        Ok(match self {
            State::Starting => OptInState::Starting,
            State::Waiting => OptInState::Waiting,
            State::Connecting => OptInState::Connecting,
            State::Connected => OptInState::Connected,
            State::Failed => OptInState::Failed,
            _ => {
                return Err(
                    "an opt-in's state is starting, waiting, connecting, connected or failed"
                        .into(),
                );
            }
        })
    }
}

impl TryFrom<Wire> for Event {
    type Error = String;

    fn try_from(wire: Wire) -> Result<Event, String> {
        let Wire {
            kind,
            import_id,
            line,
            state,
            conversation_sid,
            index,
            status,
            done,
            count,
        } = wire;
        Ok(match kind {
            Kind::ImportProgress => Event::ImportProgress {
                import_id: needed(import_id, "import_id")?,
                line: needed(line, "line")?,
                state: needed(state, "state")?.of_row()?,
            },
            Kind::ImportFinished => Event::ImportFinished {
                import_id: needed(import_id, "import_id")?,
            },
            Kind::OptIn => Event::OptIn {
                conversation_sid: needed(conversation_sid, "conversation_sid")?,
                state: needed(state, "state")?.of_opt_in()?,
            },
            Kind::ConversationChanged => Event::ConversationChanged {
                conversation_sid: needed(conversation_sid, "conversation_sid")?,
            },
            Kind::ConversationRemoved => Event::ConversationRemoved {
                conversation_sid: needed(conversation_sid, "conversation_sid")?,
            },
            Kind::MessageAdded => Event::MessageAdded {
                conversation_sid: needed(conversation_sid, "conversation_sid")?,
                index: needed(index, "index")?,
            },
            Kind::DeliveryUpdated => Event::DeliveryUpdated {
                conversation_sid: needed(conversation_sid, "conversation_sid")?,
                index: needed(index, "index")?,
                status: needed(status, "status")?,
            },
            Kind::MirrorProgress => Event::MirrorProgress {
                done: needed(done, "done")?,
            },
            Kind::Missed => Event::Missed {
                count: needed(count, "count")?,
            },
        })
    }
}

fn needed<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
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

    #[test]
    fn every_kind_reads_back_what_was_written() {
        let sid = || "CH1".to_owned();
        let every_kind = [
            Event::row(7, 3, ImportRowState::Pending),
            Event::row(7, 3, ImportRowState::Running),
            Event::row(7, 3, ImportRowState::Created),
            Event::row(7, 3, ImportRowState::Failed),
            Event::finished(7),
            Event::opt_in("CH1", OptInState::Starting),
            Event::opt_in("CH1", OptInState::Waiting),
            Event::opt_in("CH1", OptInState::Connecting),
            Event::opt_in("CH1", OptInState::Connected),
            Event::opt_in("CH1", OptInState::Failed),
            Event::ConversationChanged {
                conversation_sid: sid(),
            },
            Event::ConversationRemoved {
                conversation_sid: sid(),
            },
            Event::MessageAdded {
                conversation_sid: sid(),
                index: 4,
            },
            Event::DeliveryUpdated {
                conversation_sid: sid(),
                index: 4,
                status: "read".into(),
            },
            Event::MirrorProgress { done: 1200 },
            Event::Missed { count: 2 },
        ];
        for event in every_kind {
            let text = serde_json::to_string(&event).unwrap();
            assert_eq!(
                serde_json::from_str::<Event>(&text).unwrap(),
                event,
                "{text}"
            );
        }
    }

    #[test]
    fn an_event_without_its_kinds_fields_or_with_another_kinds_state_is_refused() {
        let refusal = |text: &str| serde_json::from_str::<Event>(text).unwrap_err().to_string();
        assert!(
            refusal(r#"{"kind":"message_added","conversation_sid":"CH1"}"#).contains("`index`")
        );
        assert!(
            refusal(r#"{"kind":"import_progress","import_id":1,"line":2,"state":"waiting"}"#)
                .contains("an import row's state")
        );
        assert!(
            refusal(r#"{"kind":"opt_in","conversation_sid":"CH1","state":"created"}"#)
                .contains("an opt-in's state")
        );
        assert!(refusal(r#"{"kind":"lunch","count":1}"#).contains("unknown variant `lunch`"));
    }
}
