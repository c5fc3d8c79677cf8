//! Conversations as the UI lists and shows them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationState {
    Initializing,
    Active,
    Inactive,
    Closed,
}

/// One row of the conversations list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRow {
    pub sid: String,
    pub friendly_name: Option<String>,
    pub unique_name: Option<String>,
    pub state: ConversationState,
    /// UTC, RFC 3339.
    pub date_created: String,
}

/// `GET /api/v1/conversations`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub conversations: Vec<ConversationRow>,
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
