//! Bulk pairing from a CSV file: a preview of every row with its problems, then an import whose
//! progress and per-row results can be read while it runs.

use serde::{Deserialize, Serialize};

use super::{PairingRequest, Said};

/// The columns a pairing CSV has, in any order; the first line names them.
pub const IMPORT_COLUMNS: &[&str] = &[
    "friendly_name",
    "reference",
    "a_name",
    "a_channel",
    "a_number",
    "a_proxy",
    "a_language",
    "b_name",
    "b_channel",
    "b_number",
    "b_proxy",
    "b_language",
    "close_after",
];

/// At most this many rows in one import.
pub const MAX_IMPORT_ROWS: usize = 10_000;

/// `POST /api/v1/pairings/imports/preview` and `POST /api/v1/pairings/imports`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub csv: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub rows: Vec<ImportRowPreview>,
    pub valid: usize,
    pub invalid: usize,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowPreview {
    /// The line in the file (the header is line 1).
    pub line: usize,
    /// The row's conversation name, as written (empty when missing).
    #[serde(default)]
    pub friendly_name: String,
    /// The pairing the row asks for, when it could be read.
    pub request: Option<PairingRequest>,
    /// What to fix in the row, in words; empty when it is fine.
    pub problems: Vec<String>,
    /// Each of `problems` as the catalog of refusals has it, so the page says it in the
    /// operator's words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub said: Vec<Said>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportRowState {
    Pending,
    Running,
    Created,
    Failed,
}

/// `GET /api/v1/pairings/imports/{id}` (and the answer to starting one).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub id: i64,
    pub total: usize,
    pub pending: usize,
    pub created: usize,
    pub failed: usize,
    pub finished: bool,
    pub rows: Vec<ImportRowResult>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRowResult {
    pub line: usize,
    pub friendly_name: String,
    pub state: ImportRowState,
    pub conversation_sid: Option<String>,
    pub error: Option<String>,
    /// `error` as the catalog of refusals has it, when it holds it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub said: Vec<Said>,
}
