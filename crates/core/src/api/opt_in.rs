//! The two-sided WhatsApp opt-in: template to the customer as the rider, and when the customer answers,
//! a greeting to them, the second template to the rider, and the temporary webhook removed.

use serde::{Deserialize, Serialize};

use super::TemplateValues;

/// `POST /api/v1/conversations/{sid}/opt-in`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptInRequest {
    pub customer_participant_sid: String,
    pub rider_participant_sid: String,
    /// Sent to the customer, authored by the rider, now.
    pub customer_template: TemplateValues,
    /// Sent to the rider, authored by the customer, once the customer answers.
    pub rider_template: TemplateValues,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptInState {
    Starting,
    /// The customer has the invitation; the server waits for their answer.
    Waiting,
    Connecting,
    /// Both sides have been told; the temporary webhook is gone.
    Connected,
    Failed,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptInStatus {
    pub state: OptInState,
    pub customer_participant_sid: String,
    pub rider_participant_sid: String,
    /// UTC, RFC 3339.
    pub started_at: String,
    pub updated_at: String,
    pub started_by: String,
    /// Why it failed, in words.
    pub error: Option<String>,
}
