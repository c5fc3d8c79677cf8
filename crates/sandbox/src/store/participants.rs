//! Participants and the number-pair rule: an (address, proxy address) pair may be in only one
//! conversation that is not closed.

use super::conversations::{check_attributes, closed_error, not_found};
use super::numbers::is_valid_address;
use super::{Binding, Channel, ConversationState, Kind, Participant, Store};
use crate::TwilioError;
use crate::sid::new_sid;
use crate::time_format::format;

const NON_CHAT_LIMIT: usize = 50;

#[derive(Debug, Clone, Default)]
pub struct NewParticipant {
    pub identity: Option<String>,
    pub address: Option<String>,
    pub proxy_address: Option<String>,
    pub attributes: Option<String>,
    pub role_sid: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantUpdate {
    pub identity: Option<String>,
    pub proxy_address: Option<String>,
    pub attributes: Option<String>,
    pub role_sid: Option<String>,
    pub last_read_message_index: Option<i64>,
    pub last_read_timestamp: Option<String>,
}

/// Why a pair cannot be added.
pub enum PairTaken {
    InThisConversation,
    Elsewhere(String),
}

impl Store {
    /// Checks a binding's shape: valid addresses on the same channel, a proxy that is one of
    /// the account's numbers and differs from the address.
    pub fn check_binding(
        &self,
        address: &str,
        proxy: Option<&str>,
    ) -> Result<Binding, TwilioError> {
        if !is_valid_address(address) {
            return Err(TwilioError::new(
                400,
                50407,
                format!(
                    "Invalid messaging binding address {address}: use +E164, or whatsapp:+E164"
                ),
            ));
        }
        let proxy = proxy.filter(|p| !p.is_empty()).ok_or_else(|| {
            TwilioError::new(
                400,
                50412,
                "MessagingBinding.ProxyAddress is required with MessagingBinding.Address",
            )
        })?;
        if !is_valid_address(proxy) {
            return Err(TwilioError::new(
                400,
                50408,
                format!("Invalid proxy address {proxy}"),
            ));
        }
        if Channel::of(address) != Channel::of(proxy) {
            return Err(TwilioError::new(
                400,
                50408,
                "MessagingBinding.Address and MessagingBinding.ProxyAddress must both have the whatsapp: prefix, or neither",
            ));
        }
        if address == proxy {
            return Err(TwilioError::new(
                400,
                50409,
                "The participant's address cannot be the same as the proxy address",
            ));
        }
        if !self.owns_number(proxy) {
            return Err(TwilioError::new(
                400,
                50408,
                format!("Proxy address {proxy} is not one of this account's numbers"),
            ));
        }
        Ok(Binding {
            address: address.to_owned(),
            proxy_address: proxy.to_owned(),
        })
    }

    /// Where the pair is already bound, if anywhere that still holds it.
    pub fn pair_taken(&self, binding: &Binding, conversation_sid: &str) -> Option<PairTaken> {
        self.pair_positions(binding)
            .iter()
            .map(|&i| &self.participants[i])
            .find_map(|p| {
                if p.conversation_sid == conversation_sid {
                    return Some(PairTaken::InThisConversation);
                }
                let state = self.conversation(&p.conversation_sid).ok()?.state;
                (state != ConversationState::Closed)
                    .then(|| PairTaken::Elsewhere(p.conversation_sid.clone()))
            })
    }

    /// The participant of a conversation that is not closed holding this exact pair.
    pub fn holder_of(&self, binding: &Binding) -> Option<&Participant> {
        self.pair_positions(binding)
            .iter()
            .map(|&i| &self.participants[i])
            .find(|p| {
                self.conversation(&p.conversation_sid)
                    .is_ok_and(|c| c.state != ConversationState::Closed)
            })
    }

    /// Validates `new` for the conversation without adding it; `bulk` selects the
    /// ConversationWithParticipants error code for a pair in use.
    pub fn check_participant(
        &self,
        conversation_sid: &str,
        new: &NewParticipant,
        bulk: bool,
    ) -> Result<Option<Binding>, TwilioError> {
        check_attributes(new.attributes.as_deref())?;
        let binding = match (&new.address, &new.identity) {
            (Some(address), _) => Some(self.check_binding(address, new.proxy_address.as_deref())?),
            (None, Some(_)) => None,
            (None, None) => {
                return Err(TwilioError::invalid_parameter(
                    "Either Identity or MessagingBinding.Address is required",
                ));
            }
        };
        if let Some(identity) = &new.identity
            && self
                .participants_of(conversation_sid)
                .any(|p| p.identity.as_ref() == Some(identity))
        {
            return Err(TwilioError::new(409, 50433, "Participant already exists"));
        }
        if let Some(binding) = &binding {
            match self.pair_taken(binding, conversation_sid) {
                Some(PairTaken::InThisConversation) => return Err(pair_in_this_conversation()),
                Some(PairTaken::Elsewhere(other)) => {
                    let (code, what) = if bulk {
                        (50425, "One or more")
                    } else {
                        (50416, "The")
                    };
                    return Err(TwilioError::new(
                        409,
                        code,
                        format!(
                            "{what} participant and proxy address pair is already in use: {} ⇄ {} is in conversation {other}",
                            binding.address, binding.proxy_address
                        ),
                    ));
                }
                None => {}
            }
            let non_chat = self
                .participants_of(conversation_sid)
                .filter(|p| p.binding.is_some())
                .count();
            if non_chat >= NON_CHAT_LIMIT {
                return Err(TwilioError::new(
                    400,
                    50422,
                    "A conversation can have at most 50 SMS or WhatsApp participants",
                ));
            }
        }
        Ok(binding)
    }

    pub fn add_participant(
        &mut self,
        conversation_id: &str,
        new: NewParticipant,
        source: &str,
    ) -> Result<Participant, TwilioError> {
        let conversation = self.conversation(conversation_id)?.clone();
        if conversation.state == ConversationState::Closed {
            return Err(closed_error());
        }
        let binding = self.check_participant(&conversation.sid, &new, false)?;
        Ok(self.insert_participant(&conversation.sid, new, binding, source))
    }

    /// Adds a participant already checked with `check_participant`.
    pub(crate) fn insert_participant(
        &mut self,
        conversation_sid: &str,
        new: NewParticipant,
        binding: Option<Binding>,
        source: &str,
    ) -> Participant {
        let now = self.now();
        let participant = Participant {
            sid: new_sid("MB"),
            conversation_sid: conversation_sid.to_owned(),
            identity: new.identity,
            binding,
            attributes: new.attributes.unwrap_or_else(|| "{}".into()),
            role_sid: new.role_sid,
            last_read_message_index: None,
            last_read_timestamp: None,
            date_created: now,
            date_updated: now,
        };
        self.touch(Kind::Participant, &participant.sid);
        self.participants.push(participant.clone());
        self.index_last_participant();
        let params = participant_params(&participant, source);
        self.emit(conversation_sid, "onParticipantAdded", params, None);
        participant
    }

    pub fn participants_of(&self, conversation_sid: &str) -> impl Iterator<Item = &Participant> {
        self.participant_positions(conversation_sid)
            .iter()
            .map(|&i| &self.participants[i])
    }

    /// A participant by its SID or identity, in a conversation found by its SID or unique name.
    pub fn participant(
        &self,
        conversation_id: &str,
        sid: &str,
    ) -> Result<&Participant, TwilioError> {
        let conversation_sid = &self.conversation(conversation_id)?.sid;
        self.participants_of(conversation_sid)
            .find(|p| p.sid == sid || p.identity.as_deref() == Some(sid))
            .ok_or_else(|| not_found(conversation_sid, "Participants", sid))
    }

    pub fn update_participant(
        &mut self,
        conversation_id: &str,
        sid: &str,
        update: ParticipantUpdate,
    ) -> Result<Participant, TwilioError> {
        let conversation = self.conversation(conversation_id)?.clone();
        if conversation.state == ConversationState::Closed {
            return Err(closed_error());
        }
        let current = self.participant(&conversation.sid, sid)?.clone();
        check_attributes(update.attributes.as_deref())?;
        let mut binding = current.binding.clone();
        if let Some(proxy) = &update.proxy_address {
            let Some(existing) = &current.binding else {
                return Err(TwilioError::new(
                    400,
                    50441,
                    "A chat participant has no proxy address to change",
                ));
            };
            let changed = self.check_binding(&existing.address, Some(proxy))?;
            if changed != *existing {
                if let Some(PairTaken::Elsewhere(_) | PairTaken::InThisConversation) =
                    self.pair_taken(&changed, &conversation.sid)
                {
                    return Err(TwilioError::new(
                        409,
                        50416,
                        "The participant and proxy address pair is already in use",
                    ));
                }
                binding = Some(changed);
            }
        }
        let now = self.now();
        self.touch(Kind::Participant, &current.sid);
        let i = *self
            .participant_positions(&conversation.sid)
            .iter()
            .find(|&&i| self.participants[i].sid == current.sid)
            .expect("found above");
        let pair_changed = binding != current.binding;
        let participant = &mut self.participants[i];
        participant.binding = binding;
        if let Some(identity) = update.identity {
            participant.identity = Some(identity);
        }
        if let Some(attributes) = update.attributes {
            participant.attributes = attributes;
        }
        if let Some(role) = update.role_sid {
            participant.role_sid = Some(role);
        }
        if let Some(index) = update.last_read_message_index {
            participant.last_read_message_index = Some(index);
        }
        if let Some(at) = update.last_read_timestamp {
            participant.last_read_timestamp = Some(at);
        }
        participant.date_updated = now;
        let updated = participant.clone();
        if pair_changed {
            self.reindex_participants();
        }
        self.emit(
            &conversation.sid,
            "onParticipantUpdated",
            participant_params(&updated, "API"),
            None,
        );
        Ok(updated)
    }

    pub fn remove_participant(
        &mut self,
        conversation_id: &str,
        sid: &str,
    ) -> Result<(), TwilioError> {
        let participant = self.participant(conversation_id, sid)?.clone();
        let conversation_sid = participant.conversation_sid.clone();
        self.participants.retain(|p| p.sid != participant.sid);
        self.reindex_participants();
        self.touch(Kind::Participant, &participant.sid);
        let mut params = participant_params(&participant, "API");
        params.push(("DateRemoved".into(), format(self.now())));
        self.emit(&conversation_sid, "onParticipantRemoved", params, None);
        Ok(())
    }
}

/// The pair is already held in the same conversation (50437).
pub(crate) fn pair_in_this_conversation() -> TwilioError {
    TwilioError::new(409, 50437, "Group Participant already exists")
}

pub(crate) fn participant_params(p: &Participant, source: &str) -> Vec<(String, String)> {
    let mut params = vec![
        ("ParticipantSid".into(), p.sid.clone()),
        ("Attributes".into(), p.attributes.clone()),
        ("DateCreated".into(), format(p.date_created)),
        ("DateUpdated".into(), format(p.date_updated)),
        ("Source".into(), source.into()),
    ];
    if let Some(role) = &p.role_sid {
        params.push(("RoleSid".into(), role.clone()));
    }
    if let Some(identity) = &p.identity {
        params.push(("Identity".into(), identity.clone()));
    }
    if let Some(b) = &p.binding {
        params.push(("MessagingBinding.Address".into(), b.address.clone()));
        params.push((
            "MessagingBinding.ProxyAddress".into(),
            b.proxy_address.clone(),
        ));
    }
    params
}
