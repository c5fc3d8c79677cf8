//! Every sentence the operator reads, in one catalog, so other languages can follow without a rewrite.

pub struct Messages {
    pub brand: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_conversations: &'static str,
    pub sandbox_badge: &'static str,
    pub sandbox_badge_hint: &'static str,
    pub conversations_title: &'static str,
    pub column_name: &'static str,
    pub column_state: &'static str,
    pub column_created: &'static str,
    pub unnamed_conversation: &'static str,
    pub no_conversations: &'static str,
    pub loading: &'static str,
    pub state_initializing: &'static str,
    pub state_active: &'static str,
    pub state_inactive: &'static str,
    pub state_closed: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_to_conversations: &'static str,
    pub server_unreachable: &'static str,
    pub server_error: &'static str,
}

pub const EN: Messages = Messages {
    brand: "Switchboard",
    skip_to_content: "Skip to content",
    nav_label: "Main",
    nav_conversations: "Conversations",
    sandbox_badge: "Sandbox",
    sandbox_badge_hint: "No Twilio account is connected: messages go to simulated phones, not real ones.",
    conversations_title: "Conversations",
    column_name: "Name",
    column_state: "State",
    column_created: "Created",
    unnamed_conversation: "(no name)",
    no_conversations: "No conversations yet. They appear here as soon as two people are paired.",
    loading: "Loading…",
    state_initializing: "Starting",
    state_active: "Active",
    state_inactive: "Inactive",
    state_closed: "Closed",
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address.",
    back_to_conversations: "Back to conversations",
    server_unreachable: "The Switchboard server could not be reached. Check your connection and try again.",
    server_error: "The server could not answer. Try again in a minute.",
};

/// The catalog for the operator's language (English until others are added).
pub fn t() -> &'static Messages {
    &EN
}
