//! The error body every failed `/api/v1` call answers with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The body of every error response: `code` is stable for programs, `message` is a sentence for people
/// that says what to fix.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// `message` as the catalog of refusals has it, so a page in another language says it in its
    /// own words; absent for a sentence the catalog does not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<Said>,
}

/// A sentence of the catalog of refusals: its key and the values of its named parts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub key: String,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}
