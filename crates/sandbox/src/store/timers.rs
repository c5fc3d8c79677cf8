//! Conversation timers: `Timers.Inactive` and `Timers.Closed` falling due.

use super::{ConversationState, Store};

impl Store {
    /// Moves conversations whose `Timers.Inactive` or `Timers.Closed` fell due; closed is final.
    pub fn apply_timers(&mut self) {
        let now = self.now();
        let due: Vec<(String, ConversationState)> = self
            .conversations
            .iter()
            .filter(|c| c.state != ConversationState::Closed)
            .filter_map(|c| {
                if c.timers.date_closed.is_some_and(|at| at <= now) {
                    Some((c.sid.clone(), ConversationState::Closed))
                } else if c.state == ConversationState::Active
                    && c.timers.date_inactive.is_some_and(|at| at <= now)
                {
                    Some((c.sid.clone(), ConversationState::Inactive))
                } else {
                    None
                }
            })
            .collect();
        for (sid, state) in due {
            let before = self.conversation(&sid).expect("listed above").clone();
            let c = self.conversation_mut(&sid);
            c.state = state;
            c.date_updated = now;
            match state {
                ConversationState::Closed => c.timers = Default::default(),
                _ => c.timers.date_inactive = None,
            }
            let after = c.clone();
            self.conversation_events(&before, &after, "TIMER");
        }
    }
}
