//! `GET /v1/ParticipantConversations`: which conversations an address (or identity) is in.

use super::{Participant, Store};

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
}
