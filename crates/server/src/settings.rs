//! What admins decide for every pairing, kept in the `settings` table: today the end a new pairing
//! gets when the operator chooses none.

use switchboard_core::api::{EndProblem, PairingEnd, Settings};

use crate::db::Db;
use crate::error::{AppError, Sentence, said};

const PAIRING_END: &str = "pairing_end";

/// The settings in force; a key never saved reads as its default (no end).
pub async fn load(db: &Db) -> Result<Settings, AppError> {
    let saved: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(PAIRING_END)
        .fetch_optional(db)
        .await?;
    let pairing_end = saved
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    Ok(Settings { pairing_end })
}

/// Checks and stores `settings`.
pub async fn save(db: &Db, settings: &Settings) -> Result<(), AppError> {
    check_end(&settings.pairing_end)?;
    let value = serde_json::to_string(&settings.pairing_end).expect("plain data");
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(PAIRING_END)
    .bind(value)
    .execute(db)
    .await?;
    Ok(())
}

/// `end` within Twilio's limits, or a sentence saying what to change.
pub fn check_end(end: &PairingEnd) -> Result<(), AppError> {
    end_problem(end).map_err(AppError::invalid)
}

/// Why `end` cannot be used, in the catalog's words.
pub fn end_problem(end: &PairingEnd) -> Result<(), Sentence> {
    end.check().map_err(|problem| match problem {
        EndProblem::InactiveTooShort => said!(end_inactive_short),
        EndProblem::CloseTooShort => said!(end_close_short),
        EndProblem::TooLong => said!(end_too_long),
        EndProblem::InactiveAfterClose => said!(end_inactive_after_close),
    })
}

/// The end a pairing gets: the one asked for, else the admins' default.
pub async fn end_for(db: &Db, asked: Option<PairingEnd>) -> Result<PairingEnd, AppError> {
    match asked {
        Some(end) => {
            check_end(&end)?;
            Ok(end)
        }
        None => Ok(load(db).await?.pairing_end),
    }
}
