//! The audit log: every change anyone made, through the API, with what the upstream answered.

use serde::{Deserialize, Serialize};

/// How a recorded change ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Ok,
    Failed,
}

/// One recorded change.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// The username of who did it.
    pub actor: String,
    /// What was done, e.g. `pairing.create`, `user.disable`.
    pub action: String,
    /// What it was done to, e.g. a conversation SID or a username.
    pub target: Option<String>,
    pub outcome: AuditOutcome,
    /// Why it failed, as the operator was told.
    pub error: Option<String>,
    /// `error` as the catalog of refusals has it, so the page says it in the reader's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<super::Said>,
    /// Further facts about the change (never secrets).
    pub detail: serde_json::Value,
}

/// `GET /api/v1/audit?actor=&action=&target=&before=&limit=`: newest first. `next_before` is the
/// `before` of the next (older) page, `None` on the last one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

/// The filters of `GET /api/v1/audit`, also the audit page's URL query.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// A conversation SID or other target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// Entries per page, 1 to 200 (50 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
