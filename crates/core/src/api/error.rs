//! The error body every failed `/api/v1` call answers with.

use serde::{Deserialize, Serialize};

/// The body of every error response: `code` is stable for programs, `message` is a sentence for people
/// that says what to fix.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}
