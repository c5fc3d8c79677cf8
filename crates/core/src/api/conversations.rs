//! Conversations as the UI lists and shows them.

use serde::{Deserialize, Serialize};

use crate::Channel;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationState {
    Initializing,
    Active,
    Inactive,
    Closed,
}

/// One row of the conversations list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRow {
    pub sid: String,
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub state: ConversationState,
    /// UTC, RFC 3339.
    pub date_created: String,
    /// UTC, RFC 3339: the last change Twilio recorded.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// The attributes' `order`, when the conversation was paired for one.
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub participants: Vec<ParticipantView>,
    /// The newest message, when the row comes from the mirror.
    #[serde(default)]
    pub last_message: Option<LastMessage>,
    /// The newest failed delivery, when the row comes from the mirror.
    #[serde(default)]
    pub last_failure: Option<LastFailure>,
    /// UTC, RFC 3339: when the mirror last confirmed this row with Twilio (`None` for a live read).
    #[serde(default)]
    pub confirmed_at: Option<String>,
    /// When Twilio's timers will make it inactive or close it; `None` when none are set or it is
    /// closed.
    #[serde(default)]
    pub ending: Option<super::Ending>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastMessage {
    pub index: i64,
    /// UTC, RFC 3339.
    pub at: String,
    #[serde(default)]
    pub author: Option<String>,
    /// The body's first 80 characters, or the template's name.
    #[serde(default)]
    pub preview: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastFailure {
    pub message_index: i64,
    pub participant_sid: String,
    #[serde(default)]
    pub error_code: Option<i64>,
    /// UTC, RFC 3339.
    pub at: String,
}

/// `GET /api/v1/conversations?q=&state=&sort=&channel=&number=&window=&failed=&page=&page_size=`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub conversations: Vec<ConversationRow>,
    /// Opaque: pass as `page` for the next rows; `None` on the last page.
    #[serde(default)]
    pub next_page: Option<String>,
    /// Where the rows come from, and so what a search covers.
    #[serde(default)]
    pub source: ListSource,
    /// Conversations per state among those the filters other than `state` match (mirror only).
    #[serde(default)]
    pub counts: Option<StateCounts>,
    /// UTC, RFC 3339: the server's time when it answered (the sandbox's clock may be moved), for
    /// "closes in 40 minutes".
    #[serde(default)]
    pub now: Option<String>,
}

/// What answered a list request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ListSource {
    /// The mirror: every conversation of the account, every filter and sort.
    Mirror,
    /// Twilio itself, because the mirror is not connected or still filling: newest first, a
    /// phone search finds any conversation, a text search looks at the newest `searched` only,
    /// and the mirror's filters and sorts are not available.
    #[default]
    Twilio,
    /// As `Twilio`, while the first walk fills the mirror (`done` read so far).
    Filling { done: u64 },
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub active: u64,
    pub inactive: u64,
    pub closed: u64,
    /// Set when a search matches so many that counting stopped here: a count equal to it means
    /// "at least this many". Counts without a search are always whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}

impl StateCounts {
    /// Whether `n`, one of these counts, is where counting stopped.
    pub fn stopped_at(&self, n: u64) -> bool {
        self.limit.is_some_and(|limit| n >= limit)
    }
}

/// One person in a conversation, reached through one of the business's numbers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantView {
    pub sid: String,
    /// The name the operator gave (`attributes.name`), if any.
    pub name: Option<String>,
    /// `None` for a chat (SDK) participant.
    pub channel: Option<Channel>,
    /// The person's own number, as Twilio stores it (`whatsapp:+34…` or `+1…`).
    pub address: Option<String>,
    /// The business number this person talks to.
    pub proxy_address: Option<String>,
    pub identity: Option<String>,
    /// WhatsApp only: the 24-hour customer-service window.
    pub window: Option<WhatsappWindow>,
    /// The person's language as recorded at pairing (`attributes.language`), if any.
    #[serde(default)]
    pub language: Option<String>,
}

/// Free-form WhatsApp messages are delivered only until 24 hours after the person last wrote.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WhatsappWindow {
    /// UTC, RFC 3339.
    Open { until: String },
    /// They wrote, but more than 24 hours ago.
    Closed,
    /// They have not written on WhatsApp in this conversation: only a template reaches them.
    NotYet,
}

impl WhatsappWindow {
    pub fn is_open(&self) -> bool {
        matches!(self, WhatsappWindow::Open { .. })
    }
}

/// `GET /api/v1/conversations/{sid}`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    pub conversation: ConversationRow,
    pub attributes: Option<String>,
    /// Newest last.
    pub messages: Vec<MessageView>,
    pub webhooks: Vec<WebhookView>,
    /// The two-sided WhatsApp opt-in, when one was started here.
    #[serde(default)]
    pub opt_in: Option<super::OptInStatus>,
    /// The end the pairing was made with (its attributes), when it was made by Switchboard.
    #[serde(default)]
    pub end: Option<super::PairingEnd>,
    /// UTC, RFC 3339: the server's time when it answered.
    #[serde(default)]
    pub now: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub sid: String,
    pub index: i64,
    pub author: Option<String>,
    pub participant_sid: Option<String>,
    pub body: Option<String>,
    pub template_sid: Option<String>,
    pub date_created: Option<String>,
    /// One per other SMS/WhatsApp participant.
    pub deliveries: Vec<DeliveryView>,
    /// The member of staff who sent it through Switchboard (or the opt-in relay); `None` for a
    /// message a person wrote, or one another program made.
    #[serde(default)]
    pub sent_by: Option<String>,
}

/// `GET /api/v1/conversations/{sid}/transcript`: every message, oldest first, with each recipient's
/// delivery outcome.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub conversation: ConversationRow,
    /// UTC, RFC 3339.
    pub exported_at: String,
    pub messages: Vec<MessageView>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub participant_sid: Option<String>,
    /// `sent`, `delivered`, `read`, `failed` or `undelivered`.
    pub status: String,
    pub error_code: Option<i64>,
    /// What a failure means, in plain words.
    pub reason: Option<String>,
}

/// A conversation-scoped webhook as the UI shows and edits it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    pub sid: String,
    pub target: String,
    pub url: Option<String>,
    pub method: Option<String>,
    pub filters: Vec<String>,
    pub triggers: Vec<String>,
    pub flow_sid: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_travel_as_twilio_spells_them() {
        let json = serde_json::to_string(&ConversationState::Inactive).unwrap();
        assert_eq!(json, "\"inactive\"");
        let back: ConversationState = serde_json::from_str("\"closed\"").unwrap();
        assert_eq!(back, ConversationState::Closed);
    }
}
