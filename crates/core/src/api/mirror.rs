//! The account mirror: what the server keeps of every conversation, kept current by Twilio's
//! post-event webhooks, and how far it has got.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/mirror`: whether the list is served from the mirror, and what it covers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MirrorStatus {
    /// Whether Twilio's post-event webhooks reach this server.
    pub connected: bool,
    pub walk: WalkProgress,
    /// Conversations the mirror holds.
    pub conversations: u64,
    /// UTC, RFC 3339: when the last reconcile finished.
    #[serde(default)]
    pub last_reconcile: Option<String>,
}

/// `POST /api/v1/mirror/reconcile`: what one reconcile with Twilio did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileReport {
    /// Conversations read again from Twilio.
    pub checked: u64,
    /// Rows that differed from Twilio and were mended (added or changed).
    pub fixed: u64,
    /// Rows Twilio no longer has, now removed.
    pub removed: u64,
}

/// The first walk of the account, which fills the mirror; resumed after a restart.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WalkProgress {
    NotStarted,
    Running {
        /// Conversations read so far.
        done: u64,
        /// UTC, RFC 3339.
        started_at: String,
    },
    Finished {
        done: u64,
        finished_at: String,
    },
}

/// `GET /api/v1/account-events`: the account's post-event webhook configuration as Twilio has it,
/// and what connecting Switchboard would change.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEvents {
    /// Account level, `/v1/Configuration/Webhooks`.
    pub account: EventsTarget,
    /// Service level, `/v1/Services/{ChatServiceSid}/Configuration/Webhooks`, when it sets a
    /// post-event URL (it then takes the account level's place for that service).
    #[serde(default)]
    pub service: Option<EventsTarget>,
    /// The URL Twilio must post events to: this server's public URL and `/hooks/twilio/events`.
    pub our_url: String,
    /// Whether the level in force posts every event the mirror needs to `our_url`.
    pub connected: bool,
    /// What connecting would change, one sentence each (empty when connected).
    pub changes: Vec<String>,
}

/// One level's post-event configuration.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsTarget {
    #[serde(default)]
    pub post_webhook_url: Option<String>,
    #[serde(default)]
    pub pre_webhook_url: Option<String>,
    /// `GET` or `POST`.
    #[serde(default)]
    pub method: Option<String>,
    pub filters: Vec<String>,
}

/// `POST /api/v1/account-events/connect`. `replacing` must be the post-event URL the admin was
/// shown (`None` when none was set), so a URL set by someone else meanwhile is never overwritten
/// unseen.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectEvents {
    #[serde(default)]
    pub replacing: Option<String>,
}

/// `GET /api/v1/attention`: what needs an operator now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    /// Deliveries that failed in the last 24 hours, newest first.
    pub failed_deliveries: Vec<FailedDelivery>,
    /// WhatsApp windows closing within the hour in active pairings, soonest first.
    pub closing_windows: Vec<ClosingWindow>,
    /// Opt-ins waiting for the customer's answer.
    pub waiting_opt_ins: Vec<WaitingOptIn>,
}

impl Attention {
    /// The number the header shows.
    pub fn count(&self) -> usize {
        self.failed_deliveries.len() + self.closing_windows.len() + self.waiting_opt_ins.len()
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDelivery {
    pub conversation_sid: String,
    #[serde(default)]
    pub conversation_name: Option<String>,
    pub message_index: i64,
    pub participant_sid: String,
    /// The person the message did not reach (`whatsapp:+…` or `+…`).
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub error_code: Option<i64>,
    /// What the failure means, in plain words.
    #[serde(default)]
    pub reason: Option<String>,
    /// What to do about it: `send_template` (the WhatsApp window is closed) or `check_number`.
    pub fix: AttentionFix,
    /// UTC, RFC 3339.
    pub failed_at: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttentionFix {
    SendTemplate,
    CheckNumber,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingWindow {
    pub conversation_sid: String,
    #[serde(default)]
    pub conversation_name: Option<String>,
    pub participant_sid: String,
    pub address: String,
    /// UTC, RFC 3339.
    pub closes_at: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingOptIn {
    pub conversation_sid: String,
    #[serde(default)]
    pub conversation_name: Option<String>,
    /// UTC, RFC 3339.
    pub started_at: String,
}
