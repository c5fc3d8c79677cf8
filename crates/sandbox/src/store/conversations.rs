//! Conversations: their fields' limits, unique names, states and timers.

use serde_json::Value;
use time::Duration;

use super::{Conversation, ConversationState, Kind, Store, Timers};
use crate::TwilioError;
use crate::sid::new_sid;
use crate::time_format::format;

/// What a new conversation is made of; the store adds the SID and times.
#[derive(Debug, Clone, Default)]
pub struct NewConversation {
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub attributes: Option<String>,
    pub state: Option<ConversationState>,
    pub date_created: Option<time::OffsetDateTime>,
    pub timer_inactive: Option<Duration>,
    pub timer_closed: Option<Duration>,
}

/// The fields an update may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ConversationUpdate {
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub attributes: Option<String>,
    pub state: Option<ConversationState>,
    pub timer_inactive: Option<Duration>,
    pub timer_closed: Option<Duration>,
}

const FRIENDLY_NAME_MAX: usize = 256;

impl NewConversation {
    pub(crate) fn check(&self) -> Result<(), TwilioError> {
        check_fields(
            self.friendly_name.as_deref(),
            self.attributes.as_deref(),
            self.timer_inactive,
            self.timer_closed,
        )
    }
}

/// Twilio's limits on a conversation's fields, on create and on update: `Timers.Inactive` at
/// least a minute, `Timers.Closed` at least ten, a friendly name of 256 characters at most.
fn check_fields(
    friendly_name: Option<&str>,
    attributes: Option<&str>,
    inactive: Option<Duration>,
    closed: Option<Duration>,
) -> Result<(), TwilioError> {
    let timer = |after: Option<Duration>, name: &str, min: Duration, shown: &str| match after {
        Some(after) if after < min => Err(TwilioError::invalid_parameter(format!(
            "{name} must be at least {shown}"
        ))),
        _ => Ok(()),
    };
    timer(inactive, "Timers.Inactive", Duration::minutes(1), "PT1M")?;
    timer(closed, "Timers.Closed", Duration::minutes(10), "PT10M")?;
    if friendly_name.is_some_and(|n| n.chars().count() > FRIENDLY_NAME_MAX) {
        return Err(TwilioError::invalid_parameter(
            "FriendlyName must be at most 256 characters",
        ));
    }
    check_attributes(attributes)
}

/// `Attributes`, of a conversation, participant or message, must be JSON.
pub(crate) fn check_attributes(attributes: Option<&str>) -> Result<(), TwilioError> {
    match attributes {
        Some(text) if serde_json::from_str::<Value>(text).is_err() => Err(TwilioError::new(
            400,
            50304,
            "Attributes must be valid JSON",
        )),
        _ => Ok(()),
    }
}

pub(crate) fn closed_error() -> TwilioError {
    TwilioError::new(
        400,
        50377,
        "The conversation is closed and can no longer be changed",
    )
}

impl Store {
    /// A unique name is held by one conversation at most (50353).
    pub(crate) fn check_unique_name(&self, unique_name: Option<&str>) -> Result<(), TwilioError> {
        match unique_name {
            Some(name)
                if self
                    .conversations
                    .iter()
                    .any(|c| c.unique_name.as_deref() == Some(name)) =>
            {
                Err(TwilioError::new(
                    409,
                    50353,
                    "Conversation with provided unique name already exists",
                ))
            }
            _ => Ok(()),
        }
    }

    /// A conversation by its SID or its unique name, as Twilio accepts either in a URL.
    pub fn conversation(&self, id: &str) -> Result<&Conversation, TwilioError> {
        self.conversation_position(id)
            .map(|i| &self.conversations[i])
            .or_else(|| {
                self.conversations
                    .iter()
                    .find(|c| c.unique_name.as_deref() == Some(id))
            })
            .ok_or_else(|| TwilioError::not_found(&format!("/v1/Conversations/{id}")))
    }

    pub(crate) fn conversation_mut(&mut self, sid: &str) -> &mut Conversation {
        self.touch(Kind::Conversation, sid);
        let i = self
            .conversation_position(sid)
            .expect("the conversation was looked up first");
        &mut self.conversations[i]
    }

    pub fn create_conversation(
        &mut self,
        new: NewConversation,
    ) -> Result<Conversation, TwilioError> {
        new.check()?;
        self.check_unique_name(new.unique_name.as_deref())?;
        let created = self.insert_conversation(new);
        self.conversation_added(&created, "API", None);
        Ok(created)
    }

    /// `onConversationAdded`; an autocreated conversation's also names the pair it was made for.
    pub(crate) fn conversation_added(
        &mut self,
        c: &Conversation,
        source: &str,
        binding: Option<&super::Binding>,
    ) {
        let mut params = conversation_params(c);
        params.push(("Source".into(), source.into()));
        if let Some(b) = binding {
            params.push(("MessagingBinding.Address".into(), b.address.clone()));
            params.push((
                "MessagingBinding.ProxyAddress".into(),
                b.proxy_address.clone(),
            ));
        }
        self.emit(&c.sid, "onConversationAdded", params, None);
    }

    /// Adds a conversation already checked.
    pub(crate) fn insert_conversation(&mut self, new: NewConversation) -> Conversation {
        let now = self.now();
        let created = new.date_created.unwrap_or(now);
        let mut conversation = Conversation {
            sid: new_sid("CH"),
            friendly_name: new.friendly_name,
            unique_name: new.unique_name,
            attributes: new.attributes.unwrap_or_else(|| "{}".to_owned()),
            state: new.state.unwrap_or(ConversationState::Active),
            timers: Timers::default(),
            date_created: created,
            date_updated: created,
            next_index: 0,
        };
        set_timers(
            &mut conversation.timers,
            new.timer_inactive,
            new.timer_closed,
            now,
        );
        self.touch(Kind::Conversation, &conversation.sid);
        self.conversations.push(conversation.clone());
        self.index_last_conversation();
        conversation
    }

    pub fn update_conversation(
        &mut self,
        sid: &str,
        update: ConversationUpdate,
    ) -> Result<Conversation, TwilioError> {
        check_fields(
            update.friendly_name.as_deref(),
            update.attributes.as_deref(),
            update.timer_inactive,
            update.timer_closed,
        )?;
        let current = self.conversation(sid)?.clone();
        if current.state == ConversationState::Closed {
            return Err(closed_error());
        }
        if update.unique_name != current.unique_name {
            self.check_unique_name(update.unique_name.as_deref())?;
        }
        let now = self.now();
        let conversation = self.conversation_mut(&current.sid);
        if let Some(name) = update.friendly_name {
            conversation.friendly_name = Some(name);
        }
        if let Some(name) = update.unique_name {
            conversation.unique_name = Some(name);
        }
        if let Some(attributes) = update.attributes {
            conversation.attributes = attributes;
        }
        if let Some(state) = update.state {
            conversation.state = state;
        }
        set_timers(
            &mut conversation.timers,
            update.timer_inactive,
            update.timer_closed,
            now,
        );
        conversation.date_updated = now;
        let updated = conversation.clone();
        self.conversation_events(&current, &updated, "API");
        Ok(updated)
    }

    /// `onConversationUpdated`, and `onConversationStateUpdated` when the state moved.
    pub(crate) fn conversation_events(
        &mut self,
        before: &Conversation,
        after: &Conversation,
        source: &str,
    ) {
        let mut params = conversation_params(after);
        params.push(("Source".into(), source.into()));
        self.emit(&after.sid, "onConversationUpdated", params.clone(), None);
        if before.state != after.state {
            params.push(("StateUpdated".into(), format(after.date_updated)));
            params.push(("StateFrom".into(), before.state.as_str().into()));
            params.push(("StateTo".into(), after.state.as_str().into()));
            params.push((
                "Reason".into(),
                if source == "API" { "API" } else { "TIMER" }.into(),
            ));
            self.emit(&after.sid, "onConversationStateUpdated", params, None);
        }
    }

    /// Deletes a conversation with its participants, messages and webhooks, freeing its pairs.
    pub fn delete_conversation(&mut self, id: &str) -> Result<(), TwilioError> {
        let conversation = self.conversation(id)?.clone();
        let mut params = conversation_params(&conversation);
        params.push(("Source".into(), "API".into()));
        params.push(("DateRemoved".into(), format(self.now())));
        self.emit(&conversation.sid, "onConversationRemoved", params, None);
        let sid = conversation.sid;
        let mut gone = Vec::new();
        self.conversations.retain(|c| c.sid != sid);
        gone.push((Kind::Conversation, sid.clone()));
        self.participants.retain(|p| {
            let keep = p.conversation_sid != sid;
            if !keep {
                gone.push((Kind::Participant, p.sid.clone()));
            }
            keep
        });
        self.messages.retain(|m| {
            let keep = m.conversation_sid != sid;
            if !keep {
                gone.push((Kind::Message, m.sid.clone()));
            }
            keep
        });
        self.webhooks.retain(|w| {
            let keep = w.conversation_sid != sid;
            if !keep {
                gone.push((Kind::Webhook, w.sid.clone()));
            }
            keep
        });
        self.reindex_conversations();
        self.reindex_participants();
        self.reindex_webhooks();
        for (kind, key) in gone {
            self.touch(kind, &key);
        }
        Ok(())
    }
}

/// A conversation's fields in an event. `Timers.DateInactive` and `Timers.DateClosed` (when
/// set) are the sandbox's own: Twilio documents no timer fields in its events.
pub(crate) fn conversation_params(c: &Conversation) -> Vec<(String, String)> {
    let mut params = vec![
        ("Attributes".into(), c.attributes.clone()),
        ("DateCreated".into(), format(c.date_created)),
        ("DateUpdated".into(), format(c.date_updated)),
        ("State".into(), c.state.as_str().into()),
    ];
    if let Some(name) = &c.friendly_name {
        params.push(("FriendlyName".into(), name.clone()));
    }
    if let Some(name) = &c.unique_name {
        params.push(("UniqueName".into(), name.clone()));
    }
    if let Some(at) = c.timers.date_inactive {
        params.push(("Timers.DateInactive".into(), format(at)));
    }
    if let Some(at) = c.timers.date_closed {
        params.push(("Timers.DateClosed".into(), format(at)));
    }
    params
}

/// Timers count from now, and again from each new message (see `touch_activity`).
fn set_timers(
    timers: &mut Timers,
    inactive: Option<Duration>,
    closed: Option<Duration>,
    now: time::OffsetDateTime,
) {
    if let Some(after) = inactive {
        timers.inactive_after = Some(after.whole_seconds());
        timers.date_inactive = Some(now + after);
    }
    if let Some(after) = closed {
        timers.closed_after = Some(after.whole_seconds());
        timers.date_closed = Some(now + after);
    }
}

/// Twilio's 404 for a record of a conversation: `/v1/Conversations/{sid}/{resource}/{sid}`.
pub(crate) fn not_found(conversation_sid: &str, resource: &str, sid: &str) -> TwilioError {
    TwilioError::not_found(&format!(
        "/v1/Conversations/{conversation_sid}/{resource}/{sid}"
    ))
}

impl Store {
    /// Puts a demo conversation in its state as if it had got there over time, without events.
    pub(crate) fn set_demo_state(&mut self, sid: &str, state: ConversationState) {
        self.conversation_mut(sid).state = state;
    }
}
