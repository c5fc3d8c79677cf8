//! argon2id password hashes, computed off the async threads because they are slow on purpose.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

use crate::error::AppError;

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt)
            .map_err(|e| AppError::Internal(format!("password salt: {e}")))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AppError::Internal(format!("password hash: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hash task: {e}")))?
}

/// `stored` of `None` (no such user) still spends the time of a real check, so answers do not tell
/// which usernames exist.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && stored != DUMMY_HASH
    })
    .await
    .unwrap_or(false)
}

/// The hash of a random password nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c3dpdGNoYm9hcmRkdW1teQ$0bqmMXFQ1BxqRRMVz8Lgw1nLqLmsnqpQF5nx3NfTLfE";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_accepts_its_password_and_refuses_others() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(stored.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(stored)).await);
    }

    #[tokio::test]
    async fn an_unknown_user_is_refused_after_a_real_check() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify("anything at all".into(), None).await);
    }
}
