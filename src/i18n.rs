//! Every sentence the operator reads, in one catalog, so other languages can follow without a rewrite.

use switchboard_core::api::Role;

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
    pub nav_audit: &'static str,
    pub nav_users: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub new_password: &'static str,
    pub repeat_password: &'static str,
    pub password_hint: &'static str,
    pub passwords_differ: &'static str,
    pub setup_pending: &'static str,
    pub setup_title: &'static str,
    pub setup_intro: &'static str,
    pub setup_no_token: &'static str,
    pub create_admin: &'static str,
    pub not_allowed_title: &'static str,
    pub needs_admin: &'static str,
    pub needs_operator: &'static str,
    pub role_viewer: &'static str,
    pub role_operator: &'static str,
    pub role_admin: &'static str,
    pub users_title: &'static str,
    pub role: &'static str,
    pub account_state: &'static str,
    pub active: &'static str,
    pub disabled: &'static str,
    pub enable: &'static str,
    pub disable: &'static str,
    pub add_user: &'static str,
    /// `{name}` and `{role}` are filled in.
    pub role_changed: &'static str,
    pub user_disabled: &'static str,
    pub user_enabled: &'static str,
    pub user_added: &'static str,
    pub audit_title: &'static str,
    pub filter_person: &'static str,
    pub filter_action: &'static str,
    pub filter_conversation: &'static str,
    pub apply_filters: &'static str,
    pub clear_filters: &'static str,
    pub no_audit_entries: &'static str,
    pub older_entries: &'static str,
    pub column_when: &'static str,
    pub column_person: &'static str,
    pub column_action: &'static str,
    pub column_target: &'static str,
    pub column_result: &'static str,
    pub outcome_ok: &'static str,
    pub outcome_failed: &'static str,
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
    nav_audit: "Audit log",
    nav_users: "Users",
    sign_in_title: "Sign in to Switchboard",
    sign_in: "Sign in",
    sign_out: "Sign out",
    username: "Username",
    password: "Password",
    new_password: "Choose a password",
    repeat_password: "Type the password again",
    password_hint: "At least 10 characters. A few unrelated words make a strong one.",
    passwords_differ: "The two passwords differ: type the same password twice.",
    setup_pending: "No account exists yet. Open the setup link the server printed when it started to create the first admin.",
    setup_title: "Set up Switchboard",
    setup_intro: "Create the first admin account. You can add the rest of your team afterwards, under Users.",
    setup_no_token: "This page needs the setup link the server printed when it started; the link you followed has no token.",
    create_admin: "Create admin and sign in",
    not_allowed_title: "Not available to you",
    needs_admin: "Only admins can open this page. Ask an admin if you need it.",
    needs_operator: "Only operators and admins can open this page. Ask an admin if you need it.",
    role_viewer: "Viewer",
    role_operator: "Operator",
    role_admin: "Admin",
    users_title: "Users",
    role: "Role",
    account_state: "Sign-in",
    active: "Allowed",
    disabled: "Disabled",
    enable: "Enable",
    disable: "Disable",
    add_user: "Add a user",
    role_changed: "{name} is now {role}.",
    user_disabled: "{name} is disabled and signed out everywhere.",
    user_enabled: "{name} may sign in again.",
    user_added: "{name} was added and can sign in now.",
    audit_title: "Audit log",
    filter_person: "Person",
    filter_action: "Action",
    filter_conversation: "Conversation or target",
    apply_filters: "Filter",
    clear_filters: "Show everything",
    no_audit_entries: "Nothing recorded matches these filters.",
    older_entries: "Older entries",
    column_when: "When",
    column_person: "Person",
    column_action: "Action",
    column_target: "Target",
    column_result: "Result",
    outcome_ok: "Done",
    outcome_failed: "Failed",
};

impl Messages {
    pub fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Viewer => self.role_viewer,
            Role::Operator => self.role_operator,
            Role::Admin => self.role_admin,
        }
    }

    pub fn role_changed(&self, name: &str, role: Role) -> String {
        self.role_changed
            .replace("{name}", name)
            .replace("{role}", self.role_name(role))
    }

    pub fn user_disabled(&self, name: &str) -> String {
        self.user_disabled.replace("{name}", name)
    }

    pub fn user_enabled(&self, name: &str) -> String {
        self.user_enabled.replace("{name}", name)
    }

    pub fn user_added(&self, name: &str) -> String {
        self.user_added.replace("{name}", name)
    }
}

/// The catalog for the operator's language (English until others are added).
pub fn t() -> &'static Messages {
    &EN
}
