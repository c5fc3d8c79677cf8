//! HTTP basic auth as Twilio checks it: the account SID and auth token, or an API key and secret.

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};

use crate::{SandboxState, TwilioError, sid::new_sid};

/// The account SID and auth token the sandbox accepts with HTTP basic auth, and optionally an
/// API key (`SK…`) and its secret, accepted in their place as Twilio does.
pub struct SandboxCredentials {
    account_sid: String,
    auth_token: SecretString,
    api_key: Option<(String, SecretString)>,
}

impl SandboxCredentials {
    pub fn new(account_sid: String, auth_token: SecretString) -> Self {
        SandboxCredentials {
            account_sid,
            auth_token,
            api_key: None,
        }
    }

    /// Also accepts the API key `sid` (`SK…`) with `secret`.
    pub fn with_api_key(mut self, sid: String, secret: SecretString) -> Self {
        self.api_key = Some((sid, secret));
        self
    }

    /// A fresh account SID and a random 32-character auth token.
    pub fn generate() -> Self {
        let token: [u8; 16] = rand::rng().random();
        let token: String = token.iter().map(|b| format!("{b:02x}")).collect();
        SandboxCredentials::new(new_sid("AC"), SecretString::from(token))
    }

    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    pub fn auth_token(&self) -> &SecretString {
        &self.auth_token
    }

    fn accepts(&self, username: &str, password: &str) -> bool {
        let sid_ok = constant_time_eq(username.as_bytes(), self.account_sid.as_bytes());
        let token_ok = constant_time_eq(
            password.as_bytes(),
            self.auth_token.expose_secret().as_bytes(),
        );
        let key_ok = self.api_key.as_ref().is_some_and(|(sid, secret)| {
            constant_time_eq(username.as_bytes(), sid.as_bytes())
                & constant_time_eq(password.as_bytes(), secret.expose_secret().as_bytes())
        });
        (sid_ok & token_ok) | key_ok
    }
}

pub async fn require_basic_auth(
    State(state): State<SandboxState>,
    request: Request,
    next: Next,
) -> Response {
    let authorised = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(decode_basic)
        .is_some_and(|(user, password)| state.credentials.accepts(&user, &password));
    if authorised {
        next.run(request).await
    } else {
        TwilioError::unauthenticated().into_response()
    }
}

fn decode_basic(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_basic_authorization_header() {
        let header = format!("Basic {}", STANDARD.encode("ACabc:tok:en"));
        assert_eq!(
            decode_basic(&header),
            Some(("ACabc".into(), "tok:en".into()))
        );
        assert_eq!(decode_basic("Bearer abc"), None);
    }

    #[test]
    fn accepts_only_the_exact_sid_and_token() {
        let credentials = SandboxCredentials::new("ACsid".into(), SecretString::from("token"));
        assert!(credentials.accepts("ACsid", "token"));
        assert!(!credentials.accepts("ACsid", "token2"));
        assert!(!credentials.accepts("ACsie", "token"));
    }

    #[test]
    fn accepts_an_api_key_in_place_of_the_account() {
        let credentials = SandboxCredentials::new("ACsid".into(), SecretString::from("token"))
            .with_api_key("SKkey".into(), SecretString::from("secret"));
        assert!(credentials.accepts("SKkey", "secret"));
        assert!(credentials.accepts("ACsid", "token"));
        assert!(!credentials.accepts("SKkey", "token"));
        assert!(!credentials.accepts("ACsid", "secret"));
    }
}
