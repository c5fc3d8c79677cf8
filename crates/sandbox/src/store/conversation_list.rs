//! The conversation list's filters and order, read through the creation-date index so that a
//! page costs the same with a hundred conversations as with a hundred thousand.

use time::OffsetDateTime;

use super::{Conversation, ConversationState, Store};

/// The conversations a list request asks for, in its order, each page read without looking
/// at the conversations before it.
pub type Conversations<'a> = Box<dyn ExactSizeIterator<Item = &'a Conversation> + 'a>;

impl Store {
    /// Conversations filtered by state and creation date when given, in Twilio's order: oldest
    /// first, but newest first once a date range is given.
    pub fn conversations(
        &self,
        state: Option<ConversationState>,
        start: Option<OffsetDateTime>,
        end: Option<OffsetDateTime>,
    ) -> Conversations<'_> {
        if let Some(state) = state {
            let found: Vec<&Conversation> = self
                .conversations
                .iter()
                .filter(|c| {
                    c.state == state
                        && start.is_none_or(|s| c.date_created >= s)
                        && end.is_none_or(|e| c.date_created <= e)
                })
                .collect();
            return if start.is_some() || end.is_some() {
                Box::new(found.into_iter().rev())
            } else {
                Box::new(found.into_iter())
            };
        }
        if start.is_none() && end.is_none() {
            return Box::new(self.conversations.iter());
        }
        let by_date = self.conversations_by_date();
        let date = |i: &usize| self.conversations[*i].date_created;
        let from = start.map_or(0, |s| by_date.partition_point(|i| date(i) < s));
        let to = end.map_or(by_date.len(), |e| by_date.partition_point(|i| date(i) <= e));
        let range = &by_date[from..to.max(from)];
        Box::new(range.iter().rev().map(|&i| &self.conversations[i]))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use time::macros::datetime;

    use super::*;
    use crate::clock::Clock;
    use crate::store::NewConversation;

    fn add(store: &mut Store, name: &str, created: OffsetDateTime) {
        store.insert_conversation(NewConversation {
            friendly_name: Some(name.into()),
            date_created: Some(created),
            ..NewConversation::default()
        });
    }

    fn names(list: Conversations<'_>) -> Vec<String> {
        list.map(|c| c.friendly_name.clone().unwrap()).collect()
    }

    #[test]
    fn a_date_range_lists_newest_first_whatever_the_order_of_creation() {
        let mut store = Store::new("AC".into(), Arc::new(Clock::default()));
        add(&mut store, "may", datetime!(2026-05-01 10:00 UTC));
        add(&mut store, "march", datetime!(2026-03-01 10:00 UTC));
        add(&mut store, "july", datetime!(2026-07-01 10:00 UTC));
        add(&mut store, "april", datetime!(2026-04-01 10:00 UTC));
        assert_eq!(
            names(store.conversations(None, None, None)),
            ["may", "march", "july", "april"]
        );
        let since_april = Some(datetime!(2026-04-01 00:00 UTC));
        assert_eq!(
            names(store.conversations(None, since_april, None)),
            ["july", "may", "april"]
        );
        let until_may = Some(datetime!(2026-05-31 00:00 UTC));
        assert_eq!(
            names(store.conversations(None, None, until_may)),
            ["may", "april", "march"]
        );
        let after_all = Some(datetime!(2027-01-01 00:00 UTC));
        assert_eq!(store.conversations(None, after_all, until_may).len(), 0);
        store
            .delete_conversation(&store.conversations[0].sid.clone())
            .unwrap();
        assert_eq!(
            names(store.conversations(None, since_april, None)),
            ["july", "april"]
        );
    }
}
