//! Twilio's post-event webhooks parsed into what the mirror acts on. Fields Twilio may leave out
//! are optional; an event without the SIDs it is about is no event at all.

use super::row::{self, ConversationFields, LastMessage, ParticipantFields, millis};
use crate::twilio_hook::field;

/// One post-event, as the mirror needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TwilioEvent {
    /// `onConversationAdded`, `onConversationUpdated`, `onConversationStateUpdated`.
    ConversationSaved(ConversationFields),
    /// `onConversationRemoved`.
    ConversationRemoved { conversation_sid: String },
    /// `onParticipantAdded`, `onParticipantUpdated`.
    ParticipantSaved(ParticipantFields),
    /// `onParticipantRemoved`.
    ParticipantRemoved {
        conversation_sid: String,
        participant_sid: String,
    },
    /// `onMessageAdded`, `onMessageUpdated`.
    MessageSaved {
        conversation_sid: String,
        message: LastMessage,
        /// The participant who wrote it on their own phone (not through the REST API).
        written_by: Option<String>,
    },
    /// `onMessageRemoved`.
    MessageRemoved {
        conversation_sid: String,
        index: i64,
    },
    /// `onDeliveryUpdated`: one participant's delivery of one message.
    DeliveryUpdated {
        conversation_sid: String,
        message_sid: String,
        participant_sid: String,
        status: String,
        error_code: Option<i64>,
        at_ms: Option<i64>,
    },
}

/// The post-events the mirror asks Twilio for.
pub const FILTERS: &[&str] = &[
    "onConversationAdded",
    "onConversationUpdated",
    "onConversationStateUpdated",
    "onConversationRemoved",
    "onParticipantAdded",
    "onParticipantUpdated",
    "onParticipantRemoved",
    "onMessageAdded",
    "onMessageUpdated",
    "onMessageRemoved",
    "onDeliveryUpdated",
];

/// The event a delivery's form fields describe; `None` for one the mirror does not follow.
pub fn parse(params: &[(String, String)]) -> Option<TwilioEvent> {
    let get = |name: &str| field(params, name).filter(|v| !v.is_empty());
    let owned = |name: &str| get(name).map(str::to_owned);
    let conversation_sid = owned("ConversationSid")?;
    Some(match get("EventType")? {
        "onConversationAdded" | "onConversationUpdated" | "onConversationStateUpdated" => {
            let created_ms = millis(get("DateCreated")).unwrap_or_default();
            let (inactive_after_ms, close_after_ms) = row::end_ms(get("Attributes"));
            TwilioEvent::ConversationSaved(ConversationFields {
                sid: conversation_sid,
                unique_name: owned("UniqueName"),
                friendly_name: owned("FriendlyName"),
                reference: row::reference(get("Attributes")),
                state: owned("State")
                    .or_else(|| owned("StateTo"))
                    .unwrap_or_else(|| "active".to_owned()),
                created_ms,
                updated_ms: millis(get("DateUpdated")).unwrap_or(created_ms),
                inactive_at_ms: millis(get("Timers.DateInactive")),
                closed_at_ms: millis(get("Timers.DateClosed")),
                inactive_after_ms,
                close_after_ms,
            })
        }
        "onConversationRemoved" => TwilioEvent::ConversationRemoved { conversation_sid },
        "onParticipantAdded" | "onParticipantUpdated" => {
            let address = owned("MessagingBinding.Address");
            TwilioEvent::ParticipantSaved(ParticipantFields {
                sid: owned("ParticipantSid")?,
                conversation_sid,
                channel: row::channel_of(address.as_deref()),
                address,
                proxy_address: owned("MessagingBinding.ProxyAddress"),
                identity: owned("Identity"),
                name: row::person_name(get("Attributes")),
                created_ms: millis(get("DateCreated")).unwrap_or_default(),
                updated_ms: millis(get("DateUpdated").or(get("DateCreated"))).unwrap_or_default(),
            })
        }
        "onParticipantRemoved" => TwilioEvent::ParticipantRemoved {
            conversation_sid,
            participant_sid: owned("ParticipantSid")?,
        },
        "onMessageAdded" | "onMessageUpdated" => {
            let from_phone = matches!(get("Source"), Some("SMS" | "WHATSAPP"))
                && crate::views::sent_by(get("Attributes")).is_none();
            TwilioEvent::MessageSaved {
                conversation_sid,
                message: LastMessage {
                    index: get("Index")?.parse().ok()?,
                    at_ms: millis(get("DateCreated")).unwrap_or_default(),
                    author: owned("Author"),
                    preview: row::preview(get("Body")),
                },
                written_by: owned("ParticipantSid").filter(|_| from_phone),
            }
        }
        "onMessageRemoved" => TwilioEvent::MessageRemoved {
            conversation_sid,
            index: get("Index")?.parse().ok()?,
        },
        "onDeliveryUpdated" => TwilioEvent::DeliveryUpdated {
            conversation_sid,
            message_sid: owned("MessageSid")?,
            participant_sid: owned("ParticipantSid")?,
            status: owned("Status")?,
            error_code: get("ErrorCode")
                .and_then(|c| c.parse().ok())
                .filter(|c| *c != 0),
            at_ms: millis(get("DateUpdated").or(get("DateCreated"))),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_handset_message_is_written_by_its_participant_and_an_api_one_is_not() {
        let mut fields = vec![
            ("EventType", "onMessageAdded"),
            ("ConversationSid", "CH1"),
            ("Index", "4"),
            ("Body", "hello"),
            ("ParticipantSid", "MB1"),
            ("DateCreated", "2026-01-01T00:00:00Z"),
            ("Source", "WHATSAPP"),
        ];
        let Some(TwilioEvent::MessageSaved {
            written_by,
            message,
            ..
        }) = parse(&params(&fields))
        else {
            panic!("not a message");
        };
        assert_eq!((written_by.as_deref(), message.index), (Some("MB1"), 4));
        fields[6] = ("Source", "API");
        let Some(TwilioEvent::MessageSaved { written_by, .. }) = parse(&params(&fields)) else {
            panic!("not a message");
        };
        assert_eq!(written_by, None);
    }

    #[test]
    fn events_without_their_sids_or_of_other_kinds_are_ignored() {
        assert_eq!(parse(&params(&[("EventType", "onMessageAdded")])), None);
        assert_eq!(
            parse(&params(&[
                ("EventType", "onUserAdded"),
                ("ConversationSid", "CH1")
            ])),
            None
        );
        assert_eq!(
            parse(&params(&[
                ("EventType", "onConversationRemoved"),
                ("ConversationSid", "CH1")
            ])),
            Some(TwilioEvent::ConversationRemoved {
                conversation_sid: "CH1".into()
            })
        );
    }
}
