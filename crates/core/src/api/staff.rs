//! Staff accounts, sessions and sign-in as the UI sees them.

use serde::{Deserialize, Serialize};

use super::Said;
use crate::Language;

/// What a member of staff may do. Ordered: each role may do everything the ones before it may.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads conversations, templates and the audit log.
    Viewer,
    /// Also pairs people, sends messages and manages webhooks.
    Operator,
    /// Also manages staff accounts and deletes conversations.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Operator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// `GET /api/v1/session`, and the answer to sign-in and setup: who is signed in, and the token the UI
/// must send back in the `X-CSRF-Token` header with every change it asks for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: StaffUser,
    pub csrf_token: String,
}

/// `POST /api/v1/session`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/setup`: creates the first admin with the one-time token the server printed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupRequest {
    pub token: String,
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/session/password`: changing it signs every session of that person out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// One member of staff.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// The language this person chose; until they choose, their browser's preferences decide.
    #[serde(default)]
    pub language: Option<Language>,
}

/// `PUT /api/v1/session/language`: the signed-in person's language, kept with their account.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageChoice {
    pub language: Language,
}

/// `GET /api/v1/languages/{tag}`: one language's catalog, every text in the order of the catalog's
/// keys, so a page carries no key names.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageCatalog {
    /// The keys' names hashed in order (32-bit FNV-1a): a page built for other keys refuses the texts.
    pub keys: u32,
    pub texts: Vec<String>,
    /// The server's refusals in this language, by key (`ErrorBody.said.key`).
    pub problems: std::collections::BTreeMap<String, String>,
}

/// `GET /api/v1/users`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    pub users: Vec<StaffUser>,
}

/// `POST /api/v1/users`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub password: String,
    pub role: Role,
}

/// `PATCH /api/v1/users/{id}`: only the fields given change.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// The shortest password the server accepts.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a username or password cannot be used; its `Display` is the English sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountProblem {
    #[error("A username needs 1 to 64 characters.")]
    UsernameLength,
    #[error("A username may hold only letters, digits and . _ - @ (no spaces).")]
    UsernameCharacters,
    #[error("A password needs at least {MIN_PASSWORD_CHARS} characters.")]
    PasswordShort,
    #[error("A password may have at most 1024 bytes.")]
    PasswordLong,
}

impl AccountProblem {
    /// The problem as the catalog of refusals has it, so a page says it in the operator's words.
    pub fn said(self) -> Said {
        match self {
            AccountProblem::UsernameLength => Said::new("username_length"),
            AccountProblem::UsernameCharacters => Said::new("username_characters"),
            AccountProblem::PasswordShort => {
                Said::new("password_short").with("min", MIN_PASSWORD_CHARS)
            }
            AccountProblem::PasswordLong => Said::new("password_long"),
        }
    }
}

/// Why a username cannot be used; `None` when it can.
pub fn username_problem(username: &str) -> Option<AccountProblem> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if username.is_empty() || username.len() > 64 {
        Some(AccountProblem::UsernameLength)
    } else if !username.chars().all(ok_char) {
        Some(AccountProblem::UsernameCharacters)
    } else {
        None
    }
}

/// Why a password cannot be used; `None` when it can.
pub fn password_problem(password: &str) -> Option<AccountProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Some(AccountProblem::PasswordShort)
    } else if password.len() > 1024 {
        Some(AccountProblem::PasswordLong)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_from_least_to_most_allowed() {
        assert!(Role::Viewer < Role::Operator && Role::Operator < Role::Admin);
        assert_eq!(
            serde_json::to_string(&Role::Operator).unwrap(),
            "\"operator\""
        );
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn usernames_and_passwords_say_what_is_wrong() {
        assert_eq!(username_problem("alicia.ops"), None);
        assert!(
            username_problem("ali cia")
                .unwrap()
                .to_string()
                .contains("no spaces")
        );
        assert!(username_problem("").is_some());
        assert_eq!(password_problem("long enough pass"), None);
        assert!(
            password_problem("short")
                .unwrap()
                .to_string()
                .contains("10 characters")
        );
    }
}
