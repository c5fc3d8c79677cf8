//! Ending many conversations in one confirmed step: those chosen in the list, or all that match its
//! filters, each ended or reported, with progress that survives a restart.

use serde::{Deserialize, Serialize};

/// At most this many conversations in one bulk end.
pub const MAX_BULK_END: usize = 10_000;

/// `POST /api/v1/bulk-ends`: exactly one of `sids` and `matching`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkEndRequest {
    /// The conversations chosen one by one.
    #[serde(default)]
    pub sids: Vec<String>,
    /// Every open conversation the list shows for this query (the list page's URL query, e.g.
    /// `q=order&channel=whatsapp`), across every page.
    #[serde(default)]
    pub matching: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkEndRowState {
    Pending,
    Running,
    Ended,
    Failed,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkEndRow {
    pub position: usize,
    pub conversation_sid: String,
    #[serde(default)]
    pub friendly_name: Option<String>,
    pub state: BulkEndRowState,
    /// Why it could not be ended, or a note (it was closed already).
    #[serde(default)]
    pub note: Option<String>,
}

/// `GET /api/v1/bulk-ends/{id}` and the answer to starting one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkEndProgress {
    pub id: i64,
    pub total: usize,
    pub pending: usize,
    pub ended: usize,
    pub failed: usize,
    pub finished: bool,
    pub rows: Vec<BulkEndRow>,
}
