//! The one-time setup token that creates the first admin while no account exists.

use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

use super::same_secret;

#[derive(Default)]
pub struct SetupGate {
    token: Mutex<Option<SecretString>>,
}

impl SetupGate {
    /// Opens the gate with `given` (from `SWITCHBOARD_SETUP_TOKEN`) or a fresh random token.
    pub fn open(given: Option<SecretString>) -> Self {
        let token = given.unwrap_or_else(|| {
            let mut bytes = [0u8; 24];
            rand::rng().fill_bytes(&mut bytes);
            SecretString::from(URL_SAFE_NO_PAD.encode(bytes))
        });
        SetupGate {
            token: Mutex::new(Some(token)),
        }
    }

    pub fn is_open(&self) -> bool {
        self.token.lock().expect("setup lock").is_some()
    }

    /// The token, for the link printed at start.
    pub fn token(&self) -> Option<SecretString> {
        self.token.lock().expect("setup lock").clone()
    }

    pub fn accepts(&self, offered: &str) -> bool {
        let token = self.token.lock().expect("setup lock");
        token
            .as_ref()
            .is_some_and(|t| same_secret(t.expose_secret().as_bytes(), offered.as_bytes()))
    }

    pub fn close(&self) {
        *self.token.lock().expect("setup lock") = None;
    }
}
