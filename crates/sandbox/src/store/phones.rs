//! Simulated handsets: what an end user sends to one of the account's numbers, and what each
//! handset has seen.

use super::conversations::NewConversation;
use super::numbers::is_valid_address;
use super::participants::NewParticipant;
use super::{Binding, Channel, ConversationState, HandsetMessage, Kind, NewMessage, Store};
use crate::TwilioError;
use crate::sid::new_sid;

/// A message typed on a handset: `from` the end user's address `to` one of the account's numbers.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub from: String,
    pub to: String,
    pub body: String,
}

impl Store {
    /// Routes an inbound message to the conversation holding the (from, to) pair, creating one
    /// when none does and `auto_create` is on, and relays it to the other participants.
    pub fn receive(
        &mut self,
        inbound: Inbound,
        auto_create: bool,
    ) -> Result<HandsetMessage, TwilioError> {
        if !is_valid_address(&inbound.from) {
            return Err(TwilioError::invalid_parameter(format!(
                "From {} is not an address: use +E164, or whatsapp:+E164",
                inbound.from
            )));
        }
        if Channel::of(&inbound.from) != Channel::of(&inbound.to) || !self.owns_number(&inbound.to)
        {
            let channel = Channel::of(&inbound.from).as_str();
            return Err(TwilioError::new(
                400,
                21606,
                format!(
                    "To {} is not one of this account's {channel} numbers",
                    inbound.to
                ),
            ));
        }
        if inbound.body.is_empty() {
            return Err(TwilioError::new(400, 21602, "Body is required"));
        }
        let now = self.now();
        let binding = Binding {
            address: inbound.from.clone(),
            proxy_address: inbound.to.clone(),
        };
        if binding.channel() == Channel::Whatsapp {
            self.open_window(&binding.address, &binding.proxy_address, now);
        }
        let holder = self
            .holder_of(&binding)
            .map(|p| (p.conversation_sid.clone(), p.sid.clone()));
        let conversation_sid = match holder {
            Some((conversation_sid, _)) => Some(conversation_sid),
            None if auto_create => Some(self.auto_create(&binding)?),
            None => None,
        };
        let mut sent = HandsetMessage {
            sid: new_sid("SM"),
            handset: inbound.from.clone(),
            direction: "sent".into(),
            from: inbound.from.clone(),
            to: inbound.to.clone(),
            body: inbound.body.clone(),
            conversation_sid: conversation_sid.clone(),
            message_sid: None,
            date_created: now,
        };
        if let Some(sid) = &conversation_sid {
            let before = self.conversation(sid)?.clone();
            let message = self.add_message(
                sid,
                NewMessage {
                    author: Some(inbound.from.clone()),
                    body: Some(inbound.body),
                    ..NewMessage::default()
                },
                binding.channel().source(),
            )?;
            sent.message_sid = Some(message.sid);
            if before.state == ConversationState::Inactive {
                let after = self.conversation(sid)?.clone();
                self.conversation_events(&before, &after, "SYSTEM");
            }
        }
        self.touch(Kind::Handset, &sent.sid);
        self.handsets.push(sent.clone());
        Ok(sent)
    }

    /// As Twilio's "handle inbound messages with Conversations": a new conversation holding
    /// the sender's pair.
    fn auto_create(&mut self, binding: &Binding) -> Result<String, TwilioError> {
        let conversation = self.insert_conversation(NewConversation::default());
        self.conversation_added(&conversation, binding.channel().source(), Some(binding));
        let new = NewParticipant {
            address: Some(binding.address.clone()),
            proxy_address: Some(binding.proxy_address.clone()),
            ..NewParticipant::default()
        };
        self.insert_participant(
            &conversation.sid,
            new,
            Some(binding.clone()),
            binding.channel().source(),
        );
        Ok(conversation.sid)
    }

    /// Every handset that has sent or received something, with how many messages it holds.
    pub fn handsets(&self) -> Vec<(String, usize, time::OffsetDateTime)> {
        let mut out: Vec<(String, usize, time::OffsetDateTime)> = Vec::new();
        for m in &self.handsets {
            match out.iter_mut().find(|(address, ..)| *address == m.handset) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 = entry.2.max(m.date_created);
                }
                None => out.push((m.handset.clone(), 1, m.date_created)),
            }
        }
        out
    }

    pub fn handset_messages<'a>(
        &'a self,
        address: &'a str,
    ) -> impl Iterator<Item = &'a HandsetMessage> {
        self.handsets.iter().filter(move |m| m.handset == address)
    }
}
