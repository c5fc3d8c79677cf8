//! Reading one conversation from Twilio as the mirror needs it: the conversation, its participants,
//! its newest messages and the receipts of those whose delivery failed, counting the calls made.

use std::sync::atomic::{AtomicI64, Ordering};

use switchboard_twilio::wire::{Conversation, Message, Participant, Receipt};
use switchboard_twilio::{Client, Error, MessageOrder};

use crate::views::has_failures;

/// How many of a conversation's newest messages a read looks at (last message, windows, failures).
pub const MESSAGES_READ: u32 = 20;
/// At most this many failed messages' receipts are read per conversation.
const RECEIPTS_READ: usize = 5;

/// What Twilio has of one conversation.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub conversation: Conversation,
    pub participants: Vec<Participant>,
    /// Newest first.
    pub messages: Vec<Message>,
    /// Receipts of the failed messages among `messages`, with the message's index.
    pub receipts: Vec<(i64, Receipt)>,
    /// When the read of the participants and messages began (UTC ms): a write of an older read
    /// than the row's last is skipped.
    pub read_ms: i64,
}

/// Upstream calls a run may still make; shared by the tasks of one run.
#[derive(Debug)]
pub struct Budget(AtomicI64);

impl Budget {
    pub fn new(calls: u32) -> Budget {
        Budget(AtomicI64::new(i64::from(calls)))
    }

    /// Unlimited, for the server's own writes and events.
    pub fn unlimited() -> Budget {
        Budget(AtomicI64::new(i64::MAX))
    }

    pub fn spend(&self, calls: i64) {
        self.0.fetch_sub(calls, Ordering::Relaxed);
    }

    pub fn left(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Whether Twilio answered that the resource does not exist.
pub fn is_gone(error: &Error) -> bool {
    matches!(error, Error::Api(body) if body.status == 404)
}

/// Reads a conversation by SID; `None` when Twilio no longer has it.
pub async fn fetch(twilio: &Client, sid: &str, budget: &Budget) -> Result<Option<Snapshot>, Error> {
    budget.spend(1);
    match twilio.fetch_conversation(sid).await {
        Ok(conversation) => around(twilio, conversation, budget).await,
        Err(error) if is_gone(&error) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Reads what surrounds a conversation already listed; `None` when it went away meanwhile.
pub async fn around(
    twilio: &Client,
    conversation: Conversation,
    budget: &Budget,
) -> Result<Option<Snapshot>, Error> {
    budget.spend(2);
    let read_ms = crate::db::now_millis();
    let sid = conversation.sid.clone();
    let (participants, messages) = tokio::join!(
        twilio.list_participants(&sid),
        twilio.messages_page(&sid, MessageOrder::NewestFirst, MESSAGES_READ)
    );
    let (participants, messages) = match (participants, messages) {
        (Ok(participants), Ok(messages)) => (participants, messages.items),
        (Err(error), _) | (_, Err(error)) if is_gone(&error) => return Ok(None),
        (Err(error), _) | (_, Err(error)) => return Err(error),
    };
    let failed: Vec<&Message> = messages
        .iter()
        .filter(|m| has_failures(m))
        .take(RECEIPTS_READ)
        .collect();
    budget.spend(failed.len() as i64);
    let reads = failed.iter().map(|m| async {
        twilio
            .message_receipts(&sid, &m.sid)
            .await
            .map(|receipts| receipts.into_iter().map(|r| (m.index, r)))
    });
    let mut receipts = Vec::new();
    for read in futures_util::future::join_all(reads).await {
        match read {
            Ok(found) => receipts.extend(found),
            Err(error) if is_gone(&error) => return Ok(None),
            Err(error) => return Err(error),
        }
    }
    Ok(Some(Snapshot {
        conversation,
        participants,
        messages,
        receipts,
        read_ms,
    }))
}
