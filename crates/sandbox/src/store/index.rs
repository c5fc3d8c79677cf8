//! Lookups by key into the store's lists, so that routing a message costs the same with ten
//! conversations as with ten thousand. Each entry is a position in its list; lists only grow at
//! the end, so adding a record adds an entry, and removing one (or changing a participant's pair)
//! rebuilds that list's entries. Positions under one key stay in list (creation) order.

use std::collections::HashMap;

use super::{Binding, Store};

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Index {
    /// Conversation SID → position in `conversations`.
    conversations: HashMap<String, usize>,
    /// Conversation SID → positions of its participants in `participants`.
    participants_of: HashMap<String, Vec<usize>>,
    /// Number pair → positions in `participants` of those holding it, in any conversation.
    pairs: HashMap<Binding, Vec<usize>>,
    /// Conversation SID → positions of its scoped webhooks in `webhooks`.
    webhooks_of: HashMap<String, Vec<usize>>,
    /// Window key → position in `windows`.
    windows: HashMap<String, usize>,
    /// Positions in `conversations`, oldest `date_created` first (ties in creation order).
    by_date: Vec<usize>,
}

impl Store {
    pub(crate) fn conversation_position(&self, sid: &str) -> Option<usize> {
        self.index.conversations.get(sid).copied()
    }

    pub(crate) fn participant_positions(&self, conversation_sid: &str) -> &[usize] {
        self.index
            .participants_of
            .get(conversation_sid)
            .map_or(&[], Vec::as_slice)
    }

    pub(crate) fn pair_positions(&self, binding: &Binding) -> &[usize] {
        self.index.pairs.get(binding).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn webhook_positions(&self, conversation_sid: &str) -> &[usize] {
        self.index
            .webhooks_of
            .get(conversation_sid)
            .map_or(&[], Vec::as_slice)
    }

    pub(crate) fn conversations_by_date(&self) -> &[usize] {
        &self.index.by_date
    }

    pub(crate) fn window_position(&self, key: &str) -> Option<usize> {
        self.index.windows.get(key).copied()
    }

    /// Call right after pushing onto `conversations`.
    pub(crate) fn index_last_conversation(&mut self) {
        let position = self.conversations.len() - 1;
        let sid = self.conversations[position].sid.clone();
        self.index.conversations.insert(sid, position);
        // Nearly always the newest; one made with an earlier `DateCreated` goes in its place.
        let created = self.conversations[position].date_created;
        let at = self
            .index
            .by_date
            .partition_point(|&i| self.conversations[i].date_created <= created);
        self.index.by_date.insert(at, position);
    }

    /// Call right after pushing onto `participants`.
    pub(crate) fn index_last_participant(&mut self) {
        let position = self.participants.len() - 1;
        let p = &self.participants[position];
        self.index
            .participants_of
            .entry(p.conversation_sid.clone())
            .or_default()
            .push(position);
        if let Some(binding) = &p.binding {
            self.index
                .pairs
                .entry(binding.clone())
                .or_default()
                .push(position);
        }
    }

    /// Call right after pushing onto `webhooks`.
    pub(crate) fn index_last_webhook(&mut self) {
        let position = self.webhooks.len() - 1;
        let sid = self.webhooks[position].conversation_sid.clone();
        self.index
            .webhooks_of
            .entry(sid)
            .or_default()
            .push(position);
    }

    /// Call right after pushing onto `windows`.
    pub(crate) fn index_last_window(&mut self) {
        let position = self.windows.len() - 1;
        let key = self.windows[position].key.clone();
        self.index.windows.insert(key, position);
    }

    pub(crate) fn reindex_conversations(&mut self) {
        self.index.conversations = self
            .conversations
            .iter()
            .enumerate()
            .map(|(position, c)| (c.sid.clone(), position))
            .collect();
        let mut by_date: Vec<usize> = (0..self.conversations.len()).collect();
        by_date.sort_by_key(|&i| self.conversations[i].date_created);
        self.index.by_date = by_date;
    }

    pub(crate) fn reindex_participants(&mut self) {
        let mut participants_of: HashMap<String, Vec<usize>> = HashMap::new();
        let mut pairs: HashMap<Binding, Vec<usize>> = HashMap::new();
        for (position, p) in self.participants.iter().enumerate() {
            participants_of
                .entry(p.conversation_sid.clone())
                .or_default()
                .push(position);
            if let Some(binding) = &p.binding {
                pairs.entry(binding.clone()).or_default().push(position);
            }
        }
        self.index.participants_of = participants_of;
        self.index.pairs = pairs;
    }

    pub(crate) fn reindex_webhooks(&mut self) {
        let mut webhooks_of: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, w) in self.webhooks.iter().enumerate() {
            webhooks_of
                .entry(w.conversation_sid.clone())
                .or_default()
                .push(position);
        }
        self.index.webhooks_of = webhooks_of;
    }

    pub(crate) fn reindex_windows(&mut self) {
        self.index.windows = self
            .windows
            .iter()
            .enumerate()
            .map(|(position, w)| (w.key.clone(), position))
            .collect();
    }

    pub(crate) fn reindex(&mut self) {
        self.reindex_conversations();
        self.reindex_participants();
        self.reindex_webhooks();
        self.reindex_windows();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::{
        ConversationState, ConversationUpdate, Inbound, NewConversation, NewParticipant,
        ParticipantUpdate, WebhookConfig,
    };

    const PROXY: &str = "+15550100001";
    const OTHER_PROXY: &str = "+15550100002";

    fn store() -> Store {
        let mut store = Store::new("AC".into(), Arc::default());
        store.add_number(PROXY, "US");
        store.add_number(OTHER_PROXY, "US");
        store.add_number("whatsapp:+15550108001", "US");
        store
    }

    /// The index as kept up to date equals one built afresh from the lists.
    fn assert_fresh(store: &Store) {
        let mut rebuilt = Store::new("AC".into(), Arc::default());
        rebuilt.conversations = store.conversations.clone();
        rebuilt.participants = store.participants.clone();
        rebuilt.webhooks = store.webhooks.clone();
        rebuilt.windows = store.windows.clone();
        rebuilt.reindex();
        assert_eq!(store.index, rebuilt.index);
    }

    fn conversation(store: &mut Store) -> String {
        store
            .create_conversation(NewConversation::default())
            .unwrap()
            .sid
    }

    fn add(store: &mut Store, conversation: &str, address: &str, proxy: &str) -> String {
        let new = NewParticipant {
            address: Some(address.into()),
            proxy_address: Some(proxy.into()),
            ..NewParticipant::default()
        };
        store.add_participant(conversation, new, "API").unwrap().sid
    }

    fn hook(store: &mut Store, conversation: &str) {
        let config = WebhookConfig {
            url: Some("https://example.com/hook".into()),
            filters: Some(vec!["onMessageAdded".into()]),
            ..WebhookConfig::default()
        };
        store.add_webhook(conversation, "webhook", config).unwrap();
    }

    fn pair(address: &str, proxy: &str) -> Binding {
        Binding {
            address: address.into(),
            proxy_address: proxy.into(),
        }
    }

    fn holder(store: &Store, address: &str, proxy: &str) -> Option<String> {
        store
            .holder_of(&pair(address, proxy))
            .map(|p| p.conversation_sid.clone())
    }

    #[test]
    fn finds_conversations_and_pairs_as_they_are_added() {
        let mut store = store();
        let sids: Vec<String> = (0..50).map(|_| conversation(&mut store)).collect();
        for (n, sid) in sids.iter().enumerate() {
            add(&mut store, sid, &format!("+4470000{n:04}"), PROXY);
            hook(&mut store, sid);
        }
        assert_fresh(&store);
        assert_eq!(store.conversation(&sids[17]).unwrap().sid, sids[17]);
        assert_eq!(
            holder(&store, "+44700000017", PROXY).as_deref(),
            Some(sids[17].as_str())
        );
        assert_eq!(holder(&store, "+44700000017", OTHER_PROXY), None);
        assert_eq!(store.participants_of(&sids[3]).count(), 1);
        assert_eq!(store.webhooks_of(&sids[3]).count(), 1);
        assert!(store.conversation("CHnothere").is_err());
    }

    #[test]
    fn stays_right_after_a_participant_is_removed_or_changes_proxy() {
        let mut store = store();
        let a = conversation(&mut store);
        let b = conversation(&mut store);
        let first = add(&mut store, &a, "+447000000001", PROXY);
        add(&mut store, &a, "+447000000002", PROXY);
        add(&mut store, &b, "+447000000003", PROXY);
        store.remove_participant(&a, &first).unwrap();
        assert_fresh(&store);
        assert_eq!(holder(&store, "+447000000001", PROXY), None);
        assert_eq!(
            holder(&store, "+447000000003", PROXY).as_deref(),
            Some(b.as_str())
        );
        assert_eq!(store.participants_of(&a).count(), 1);
        // The freed pair can be taken again, elsewhere.
        add(&mut store, &b, "+447000000001", PROXY);
        assert_eq!(
            holder(&store, "+447000000001", PROXY).as_deref(),
            Some(b.as_str())
        );

        let second = store.participants_of(&a).next().unwrap().sid.clone();
        let update = ParticipantUpdate {
            proxy_address: Some(OTHER_PROXY.into()),
            ..ParticipantUpdate::default()
        };
        store.update_participant(&a, &second, update).unwrap();
        assert_fresh(&store);
        assert_eq!(holder(&store, "+447000000002", PROXY), None);
        assert_eq!(
            holder(&store, "+447000000002", OTHER_PROXY).as_deref(),
            Some(a.as_str())
        );
    }

    #[test]
    fn stays_right_after_a_conversation_is_closed_or_deleted() {
        let mut store = store();
        let a = conversation(&mut store);
        let b = conversation(&mut store);
        let c = conversation(&mut store);
        add(&mut store, &a, "+447000000001", PROXY);
        add(&mut store, &b, "+447000000002", PROXY);
        add(&mut store, &c, "+447000000003", PROXY);
        for sid in [&a, &b, &c] {
            hook(&mut store, sid);
        }
        let close = ConversationUpdate {
            state: Some(ConversationState::Closed),
            ..ConversationUpdate::default()
        };
        store.update_conversation(&b, close).unwrap();
        assert_eq!(holder(&store, "+447000000002", PROXY), None);
        // A closed conversation keeps its pair, but another may now hold it.
        let d = conversation(&mut store);
        add(&mut store, &d, "+447000000002", PROXY);
        assert_eq!(
            holder(&store, "+447000000002", PROXY).as_deref(),
            Some(d.as_str())
        );

        store.delete_conversation(&a).unwrap();
        assert_fresh(&store);
        assert!(store.conversation(&a).is_err());
        assert_eq!(holder(&store, "+447000000001", PROXY), None);
        assert_eq!(store.participants_of(&a).count(), 0);
        assert_eq!(store.webhooks_of(&a).count(), 0);
        assert_eq!(store.conversation(&c).unwrap().sid, c);
        assert_eq!(
            holder(&store, "+447000000003", PROXY).as_deref(),
            Some(c.as_str())
        );
        assert_eq!(store.webhooks_of(&c).count(), 1);
    }

    #[test]
    fn is_rebuilt_when_the_store_is_reloaded() {
        let mut store = store();
        let a = conversation(&mut store);
        let b = conversation(&mut store);
        add(&mut store, &a, "+447000000001", PROXY);
        add(
            &mut store,
            &b,
            "whatsapp:+447000000002",
            "whatsapp:+15550108001",
        );
        hook(&mut store, &b);
        store
            .receive(
                Inbound {
                    from: "whatsapp:+447000000002".into(),
                    to: "whatsapp:+15550108001".into(),
                    body: "hello".into(),
                },
                true,
            )
            .unwrap();
        store.delete_conversation(&a).unwrap();
        let records = store
            .take_changes()
            .into_iter()
            .filter_map(|c| c.body.map(|body| (c.kind.name().to_owned(), body)))
            .collect();
        let reloaded = Store::from_records("AC".into(), Arc::default(), records).unwrap();
        assert_fresh(&reloaded);
        assert_eq!(reloaded.index, store.index);
        assert!(reloaded.conversation(&a).is_err());
        assert_eq!(
            holder(&reloaded, "whatsapp:+447000000002", "whatsapp:+15550108001").as_deref(),
            Some(b.as_str())
        );
        let now = reloaded.now();
        assert!(reloaded.window_open("whatsapp:+447000000002", "whatsapp:+15550108001", now));
        assert_eq!(reloaded.webhooks_of(&b).count(), 1);
    }
}
