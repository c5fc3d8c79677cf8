//! Who the client is to Twilio, with the secret kept out of every printout.

use secrecy::{ExposeSecret, SecretString};

/// Who the client is to Twilio: an account SID with its auth token, or an API key SID with its secret.
/// The secret half is never printed, not even by `Debug`.
#[derive(Clone)]
pub struct Credentials {
    username: String,
    password: SecretString,
}

impl Credentials {
    pub fn new(username: impl Into<String>, password: SecretString) -> Self {
        Credentials {
            username: username.into(),
            password,
        }
    }

    pub(crate) fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.basic_auth(&self.username, Some(self.password.expose_secret()))
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_secret() {
        let credentials = Credentials::new(
            "AC00000000000000000000000000000000",
            SecretString::from("hunter2-token"),
        );
        let printed = format!("{credentials:?}");
        assert!(!printed.contains("hunter2-token"), "{printed}");
        assert!(printed.contains("AC00000000000000000000000000000000"));
    }
}
