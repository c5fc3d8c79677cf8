//! Messages, their delivery to each SMS and WhatsApp participant, and the WhatsApp 24-hour window.

use time::Duration;

use super::content::{Rendered, render};
use super::conversations::{check_attributes, closed_error, not_found};
use super::{
    Channel, ConversationState, HandsetMessage, Kind, Message, Participant, Receipt, ReceiptStatus,
    Store, Window,
};
use crate::TwilioError;
use crate::sid::new_sid;
use crate::time_format::format;

const WINDOW: Duration = Duration::hours(24);
const BODY_MAX: usize = 1600;

#[derive(Debug, Clone, Default)]
pub struct NewMessage {
    pub author: Option<String>,
    pub body: Option<String>,
    pub attributes: Option<String>,
    pub content_sid: Option<String>,
    pub content_variables: Option<String>,
    pub date_created: Option<time::OffsetDateTime>,
}

#[derive(Debug, Clone, Default)]
pub struct MessageUpdate {
    pub author: Option<String>,
    pub body: Option<String>,
    pub attributes: Option<String>,
}

fn window_key(address: &str, proxy: &str) -> String {
    format!("{address}|{proxy}")
}

/// Twilio's "Unreachable destination handset".
const UNREACHABLE: u32 = 30003;

impl Store {
    /// Records that `address` wrote to `proxy` now, opening or resetting its 24-hour window.
    pub fn open_window(&mut self, address: &str, proxy: &str, at: time::OffsetDateTime) {
        let key = window_key(address, proxy);
        self.touch(Kind::Window, &key);
        match self.window_position(&key) {
            Some(i) => {
                let window = &mut self.windows[i];
                window.last_inbound = window.last_inbound.max(at);
            }
            None => {
                self.windows.push(Window {
                    key,
                    last_inbound: at,
                });
                self.index_last_window();
            }
        }
    }

    /// Whether `address` wrote to `proxy` in the 24 hours before `at`.
    pub fn window_open(&self, address: &str, proxy: &str, at: time::OffsetDateTime) -> bool {
        self.window_position(&window_key(address, proxy))
            .map(|i| &self.windows[i])
            .is_some_and(|w| w.last_inbound <= at && at - w.last_inbound < WINDOW)
    }

    /// Adds a message and delivers it to every SMS and WhatsApp participant but its author.
    pub fn add_message(
        &mut self,
        conversation_id: &str,
        new: NewMessage,
        source: &str,
    ) -> Result<Message, TwilioError> {
        check_body_length(new.body.as_deref(), source)?;
        let conversation = self.conversation(conversation_id)?;
        if conversation.state == ConversationState::Closed {
            return Err(closed_error());
        }
        let conversation_sid = conversation.sid.clone();
        check_attributes(new.attributes.as_deref())?;
        let rendered = self.render_content(&new)?;
        let body = message_body(new.body.as_deref(), rendered.as_ref())?;
        let author = new.author.unwrap_or_else(|| "system".into());
        let sender = self.sender_of(&conversation_sid, &author);
        let now = self.now();
        let index = self.take_next_index(&conversation_sid, now);
        let mut message = Message {
            sid: new_sid("IM"),
            conversation_sid,
            index,
            author,
            body: Some(body),
            attributes: new.attributes.unwrap_or_else(|| "{}".into()),
            participant_sid: sender,
            content_sid: new.content_sid,
            source: source.to_owned(),
            receipts: Vec::new(),
            date_created: new.date_created.unwrap_or(now),
            date_updated: None,
        };
        self.deliver_to_recipients(&mut message, rendered.as_ref());
        self.touch(Kind::Message, &message.sid);
        self.messages.push(message.clone());
        self.index_last_message();
        self.emit_message_added(&message);
        Ok(message)
    }

    /// The template a message names, rendered with its variables; `None` for free-form text.
    fn render_content(&self, new: &NewMessage) -> Result<Option<Rendered>, TwilioError> {
        match (&new.content_sid, &new.content_variables) {
            (Some(sid), variables) => {
                let content = self.content(sid).map_err(|_| {
                    TwilioError::new(
                        400,
                        21655,
                        format!("ContentSid {sid} is not one of this account's templates"),
                    )
                })?;
                Ok(Some(render(content, variables.as_deref())?))
            }
            (None, Some(_)) => Err(TwilioError::new(
                400,
                50528,
                "ContentVariables can only be given with ContentSid",
            )),
            (None, None) => Ok(None),
        }
    }

    /// The participant whose identity or address is `author`, if any.
    fn sender_of(&self, conversation_sid: &str, author: &str) -> Option<String> {
        self.participants_of(conversation_sid)
            .find(|p| {
                p.identity.as_deref() == Some(author)
                    || p.binding.as_ref().is_some_and(|b| b.address == author)
            })
            .map(|p| p.sid.clone())
    }

    /// Gives the next message index of a conversation and, as any new message does, reactivates
    /// it and restarts its inactive and closed timers.
    fn take_next_index(&mut self, conversation_sid: &str, now: time::OffsetDateTime) -> u64 {
        let c = self.conversation_mut(conversation_sid);
        let index = c.next_index;
        c.next_index += 1;
        if c.state == ConversationState::Inactive {
            c.state = ConversationState::Active;
        }
        if let Some(after) = c.timers.inactive_after {
            c.timers.date_inactive = Some(now + Duration::seconds(after));
        }
        if let Some(after) = c.timers.closed_after {
            c.timers.date_closed = Some(now + Duration::seconds(after));
        }
        c.date_updated = now;
        index
    }

    /// Delivers `message` to every bound participant but its sender, keeping each receipt.
    fn deliver_to_recipients(&mut self, message: &mut Message, rendered: Option<&Rendered>) {
        let recipients: Vec<Participant> = self
            .participants_of(&message.conversation_sid)
            .filter(|p| p.binding.is_some() && Some(&p.sid) != message.participant_sid.as_ref())
            .cloned()
            .collect();
        for recipient in &recipients {
            let receipt = self.deliver(message, recipient, rendered);
            message.receipts.push(receipt);
        }
    }

    fn emit_message_added(&mut self, message: &Message) {
        self.emit(
            &message.conversation_sid,
            "onMessageAdded",
            message_params(message),
            message.body.as_deref(),
        );
        for receipt in &message.receipts {
            self.emit(
                &message.conversation_sid,
                "onDeliveryUpdated",
                receipt_params(message, receipt),
                None,
            );
        }
    }

    /// Sends `message` to one participant's handset over its own channel and proxy number.
    fn deliver(
        &mut self,
        message: &Message,
        to: &Participant,
        rendered: Option<&Rendered>,
    ) -> Receipt {
        let binding = to
            .binding
            .as_ref()
            .expect("only bound participants receive");
        let whatsapp = binding.channel() == Channel::Whatsapp;
        let failure = if self.faults.unreachable(&binding.address) {
            Some(UNREACHABLE)
        } else if !whatsapp {
            None
        } else if rendered.is_some_and(|r| r.breaks_whatsapp_policy) {
            Some(63013)
        } else if self.window_open(
            &binding.address,
            &binding.proxy_address,
            message.date_created,
        ) || rendered.is_some_and(|r| r.approved)
        {
            None
        } else {
            Some(63016)
        };
        let now = message.date_created;
        let channel_message_sid = new_sid("SM");
        if failure.is_none() {
            let handset = HandsetMessage {
                sid: channel_message_sid.clone(),
                handset: binding.address.clone(),
                direction: "received".into(),
                from: binding.proxy_address.clone(),
                to: binding.address.clone(),
                body: message.body.clone().unwrap_or_default(),
                conversation_sid: Some(message.conversation_sid.clone()),
                message_sid: Some(message.sid.clone()),
                date_created: now,
            };
            self.touch(Kind::Handset, &handset.sid);
            self.handsets.push(handset);
        }
        Receipt {
            sid: new_sid("DY"),
            participant_sid: to.sid.clone(),
            channel_message_sid,
            status: if failure.is_some() {
                ReceiptStatus::Failed
            } else {
                ReceiptStatus::Delivered
            },
            error_code: failure.unwrap_or(0),
            date_created: now,
            date_updated: now,
        }
    }

    pub fn messages_of(&self, conversation_sid: &str) -> impl DoubleEndedIterator<Item = &Message> {
        self.message_positions(conversation_sid)
            .iter()
            .map(|&i| &self.messages[i])
    }

    /// A message by its SID, in a conversation found by its SID or unique name.
    pub fn message(&self, conversation_id: &str, sid: &str) -> Result<&Message, TwilioError> {
        let conversation_sid = &self.conversation(conversation_id)?.sid;
        self.messages_of(conversation_sid)
            .find(|m| m.sid == sid)
            .ok_or_else(|| not_found(conversation_sid, "Messages", sid))
    }

    /// One of a message's delivery receipts, with the message.
    pub fn receipt(
        &self,
        conversation_id: &str,
        message_sid: &str,
        sid: &str,
    ) -> Result<(&Message, &Receipt), TwilioError> {
        let message = self.message(conversation_id, message_sid)?;
        let receipt = message.receipts.iter().find(|r| r.sid == sid);
        let path = format!("{message_sid}/Receipts/{sid}");
        receipt
            .map(|r| (message, r))
            .ok_or_else(|| not_found(&message.conversation_sid, "Messages", &path))
    }

    pub fn update_message(
        &mut self,
        conversation_id: &str,
        sid: &str,
        update: MessageUpdate,
    ) -> Result<Message, TwilioError> {
        let found = self.message(conversation_id, sid)?;
        let (conversation_sid, sid) = (found.conversation_sid.clone(), found.sid.clone());
        check_attributes(update.attributes.as_deref())?;
        let now = self.now();
        self.touch(Kind::Message, &sid);
        let position = *self
            .message_positions(&conversation_sid)
            .iter()
            .find(|&&i| self.messages[i].sid == sid)
            .expect("found above");
        let message = &mut self.messages[position];
        if let Some(author) = update.author {
            message.author = author;
        }
        if let Some(body) = update.body {
            message.body = Some(body);
        }
        if let Some(attributes) = update.attributes {
            message.attributes = attributes;
        }
        message.date_updated = Some(now);
        let updated = message.clone();
        self.emit(
            &conversation_sid,
            "onMessageUpdated",
            message_params(&updated),
            None,
        );
        Ok(updated)
    }

    pub fn remove_message(&mut self, conversation_id: &str, sid: &str) -> Result<(), TwilioError> {
        let message = self.message(conversation_id, sid)?.clone();
        let conversation_sid = message.conversation_sid.clone();
        self.messages.retain(|m| m.sid != message.sid);
        self.reindex_messages();
        self.touch(Kind::Message, &message.sid);
        let mut params = message_params(&message);
        params.push(("DateRemoved".into(), format(self.now())));
        self.emit(&conversation_sid, "onMessageRemoved", params, None);
        Ok(())
    }
}

/// The REST API caps a body's length; what a handset sends is relayed whole.
fn check_body_length(body: Option<&str>, source: &str) -> Result<(), TwilioError> {
    if source == "API" && body.is_some_and(|b| b.chars().count() > BODY_MAX) {
        return Err(TwilioError::new(
            400,
            50505,
            "Body must be at most 1600 characters",
        ));
    }
    Ok(())
}

/// A template's rendered text, else the given body; one of them is required.
fn message_body(body: Option<&str>, rendered: Option<&Rendered>) -> Result<String, TwilioError> {
    match rendered {
        Some(r) => Some(r.body.clone()),
        None => body.filter(|b| !b.is_empty()).map(str::to_owned),
    }
    .ok_or_else(|| TwilioError::new(400, 21602, "Body or ContentSid is required"))
}

pub(crate) fn message_params(m: &Message) -> Vec<(String, String)> {
    let mut params = vec![
        ("MessageSid".into(), m.sid.clone()),
        ("Index".into(), m.index.to_string()),
        ("Author".into(), m.author.clone()),
        ("Body".into(), m.body.clone().unwrap_or_default()),
        ("Attributes".into(), m.attributes.clone()),
        ("DateCreated".into(), format(m.date_created)),
        (
            "DateUpdated".into(),
            format(m.date_updated.unwrap_or(m.date_created)),
        ),
        ("Source".into(), m.source.clone()),
    ];
    if let Some(p) = &m.participant_sid {
        params.push(("ParticipantSid".into(), p.clone()));
    }
    if let Some(c) = &m.content_sid {
        params.push(("ContentSid".into(), c.clone()));
    }
    params
}

fn receipt_params(m: &Message, r: &Receipt) -> Vec<(String, String)> {
    vec![
        ("MessageSid".into(), m.sid.clone()),
        ("DeliveryReceiptSid".into(), r.sid.clone()),
        ("ChannelMessageSid".into(), r.channel_message_sid.clone()),
        ("ParticipantSid".into(), r.participant_sid.clone()),
        ("Status".into(), r.status.as_str().into()),
        ("ErrorCode".into(), r.error_code.to_string()),
        ("DateCreated".into(), format(r.date_created)),
        ("DateUpdated".into(), format(r.date_updated)),
    ]
}
