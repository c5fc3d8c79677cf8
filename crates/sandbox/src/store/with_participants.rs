//! `ConversationWithParticipants`: a conversation and up to ten participants, all or nothing.

use super::participants::pair_in_this_conversation;
use super::{Conversation, NewConversation, NewParticipant, Store};
use crate::TwilioError;

const MAX_PARTICIPANTS: usize = 10;

impl Store {
    /// Makes the conversation and its participants after checking every rule, or makes nothing.
    /// `participants` are read only once their number is known to be allowed, so a request with
    /// too many is refused (50426) whatever they hold.
    pub fn create_with_participants(
        &mut self,
        conversation: NewConversation,
        participants: impl ExactSizeIterator<Item = Result<NewParticipant, TwilioError>>,
    ) -> Result<Conversation, TwilioError> {
        conversation.check()?;
        if participants.len() > MAX_PARTICIPANTS {
            return Err(TwilioError::new(
                400,
                50426,
                "ConversationWithParticipants takes at most 10 participants",
            ));
        }
        let participants = participants.collect::<Result<Vec<_>, _>>()?;
        self.check_unique_name(conversation.unique_name.as_deref())?;
        // "" stands for the conversation to come, which holds no pair yet.
        let mut bindings = Vec::new();
        for new in &participants {
            let binding = self.check_participant("", new, true)?;
            if let Some(b) = &binding
                && bindings.iter().flatten().any(|earlier| earlier == b)
            {
                return Err(pair_in_this_conversation());
            }
            bindings.push(binding);
        }
        let created = self.insert_conversation(conversation);
        self.conversation_added(&created, "API", None);
        for (new, binding) in participants.into_iter().zip(bindings) {
            self.insert_participant(&created.sid, new, binding, "API");
        }
        Ok(created)
    }
}
