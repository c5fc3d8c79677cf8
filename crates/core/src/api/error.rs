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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub key: String,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// The named parts that are refusals themselves (a side's problem within "Alicia: …"), said in
    /// the page's language when it has words for them; `values` holds their English.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub within: BTreeMap<String, Said>,
}

impl Said {
    pub fn new(key: &str) -> Said {
        Said {
            key: key.to_owned(),
            ..Said::default()
        }
    }

    /// Gives the part `{name}` its value.
    pub fn with(mut self, name: &str, value: impl ToString) -> Said {
        self.values.insert(name.to_owned(), value.to_string());
        self
    }
}
