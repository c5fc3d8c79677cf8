//! `GET /v1/ParticipantConversations`: which conversations an address (or identity) is in.

use serde_json::{Value, json};

use super::conversations::timers_json;
use super::participants::binding_json;
use super::{Participant, Store};
use crate::time_format::format;

impl Store {
    /// Every participant holding `address` (or chat `identity`), with its conversation.
    pub fn participant_conversations<'a>(
        &'a self,
        address: Option<&'a str>,
        identity: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Participant> + 'a {
        let mut found: Vec<&Participant> = self
            .participants
            .iter()
            .filter(move |p| {
                address.is_some_and(|a| p.binding.as_ref().is_some_and(|b| b.address == a))
                    || identity.is_some_and(|i| p.identity.as_deref() == Some(i))
            })
            .collect();
        found.sort_by(|a, b| a.conversation_sid.cmp(&b.conversation_sid));
        found.into_iter()
    }

    pub fn participant_conversation_json(&self, p: &Participant, origin: &str) -> Value {
        let c = self
            .conversation(&p.conversation_sid)
            .expect("participants belong to a conversation");
        json!({
            "account_sid": self.account_sid,
            "chat_service_sid": self.meta.chat_service_sid,
            "participant_sid": p.sid,
            "participant_user_sid": null,
            "participant_identity": p.identity,
            "participant_messaging_binding": binding_json(p.binding.as_ref()),
            "conversation_sid": c.sid,
            "conversation_unique_name": c.unique_name,
            "conversation_friendly_name": c.friendly_name,
            "conversation_attributes": c.attributes,
            "conversation_date_created": format(c.date_created),
            "conversation_date_updated": format(c.date_updated),
            "conversation_created_by": "system",
            "conversation_state": c.state.as_str(),
            "conversation_timers": timers_json(&c.timers),
            "links": {
                "participant": format!("{origin}/v1/Conversations/{}/Participants/{}", c.sid, p.sid),
                "conversation": format!("{origin}/v1/Conversations/{}", c.sid),
            },
        })
    }
}
