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
    /// Unique name → position in `conversations`.
    unique_names: HashMap<String, usize>,
    /// Conversation SID → positions of its participants in `participants`.
    participants_of: HashMap<String, Vec<usize>>,
    /// Number pair → positions in `participants` of those holding it, in any conversation.
    pairs: HashMap<Binding, Vec<usize>>,
    /// Conversation SID → positions of its messages in `messages`.
    messages_of: HashMap<String, Vec<usize>>,
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

    pub(crate) fn unique_name_position(&self, name: &str) -> Option<usize> {
        self.index.unique_names.get(name).copied()
    }

    /// Call after a conversation's unique name changed from `old`.
    pub(crate) fn index_renamed(&mut self, sid: &str, old: Option<&str>) {
        if let Some(old) = old {
            self.index.unique_names.remove(old);
        }
        if let Some(position) = self.conversation_position(sid)
            && let Some(name) = self.conversations[position].unique_name.clone()
        {
            self.index.unique_names.insert(name, position);
        }
    }

    pub(crate) fn participant_positions(&self, conversation_sid: &str) -> &[usize] {
        self.index
            .participants_of
            .get(conversation_sid)
            .map_or(&[], Vec::as_slice)
    }

    pub(crate) fn message_positions(&self, conversation_sid: &str) -> &[usize] {
        self.index
            .messages_of
            .get(conversation_sid)
            .map_or(&[], Vec::as_slice)
    }

    /// Call right after pushing onto `messages`.
    pub(crate) fn index_last_message(&mut self) {
        let position = self.messages.len() - 1;
        let conversation_sid = self.messages[position].conversation_sid.clone();
        self.index
            .messages_of
            .entry(conversation_sid)
            .or_default()
            .push(position);
    }

    pub(crate) fn reindex_messages(&mut self) {
        let mut messages_of: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, m) in self.messages.iter().enumerate() {
            messages_of
                .entry(m.conversation_sid.clone())
                .or_default()
                .push(position);
        }
        self.index.messages_of = messages_of;
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
        if let Some(name) = self.conversations[position].unique_name.clone() {
            self.index.unique_names.insert(name, position);
        }
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
        self.index.unique_names = self
            .conversations
            .iter()
            .enumerate()
            .filter_map(|(position, c)| Some((c.unique_name.clone()?, position)))
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
        self.reindex_messages();
        self.reindex_webhooks();
        self.reindex_windows();
    }
}

#[cfg(test)]
mod tests;
