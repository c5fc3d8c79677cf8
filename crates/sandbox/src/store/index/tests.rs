//! The index stays equal to a scan of the records through every kind of change, and after a reload.

use std::sync::Arc;

use super::*;
use crate::store::{
    ConversationState, ConversationUpdate, Inbound, NewConversation, NewMessage, NewParticipant,
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
    rebuilt.messages = store.messages.clone();
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
        let text = NewMessage {
            body: Some("Ready".into()),
            ..NewMessage::default()
        };
        store.add_message(sid, text, "API").unwrap();
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
    assert_eq!(store.messages_of(&a).count(), 0);
    let last = store.messages_of(&c).next().unwrap().sid.clone();
    assert_eq!(store.message(&c, &last).unwrap().conversation_sid, c);
}

#[test]
fn finds_a_conversation_by_its_unique_name_as_it_is_renamed() {
    let mut store = store();
    let a = conversation(&mut store);
    let b = conversation(&mut store);
    let name = |n: &str| ConversationUpdate {
        unique_name: Some(n.into()),
        ..ConversationUpdate::default()
    };
    store.update_conversation(&b, name("order-1")).unwrap();
    assert_eq!(store.conversation("order-1").unwrap().sid, b);
    store.update_conversation(&b, name("order-2")).unwrap();
    assert!(store.conversation("order-1").is_err());
    store.update_conversation(&a, name("order-1")).unwrap();
    assert_eq!(store.conversation("order-1").unwrap().sid, a);
    let taken = store.update_conversation(&a, name("order-2")).unwrap_err();
    assert_eq!(taken.code, 50353);
    store.delete_conversation(&a).unwrap();
    assert_fresh(&store);
    assert_eq!(store.conversation("order-2").unwrap().sid, b);
    assert!(store.conversation("order-1").is_err());
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
