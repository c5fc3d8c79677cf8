//! The dashboard's languages: a catalog fetched when its language is chosen, and the choice kept
//! with the signed-in person's account.

use switchboard_core::Language;
use switchboard_core::api::{LanguageCatalog, LanguageChoice, StaffUser};

use super::{ApiError, get, parse, put_json, read_text};

/// Every text of `language`'s catalog in key order. Index.html may already have asked for the
/// language this browser chose last; that answer is taken first.
pub async fn language_catalog(language: Language) -> Result<LanguageCatalog, ApiError> {
    let path = format!("/api/v1/languages/{}", language.tag());
    parse(&read_text(get(&path, None).await?).await?)
}

/// Keeps `language` with the signed-in person's account.
pub async fn save_language(language: Language) -> Result<StaffUser, ApiError> {
    put_json("/api/v1/session/language", &LanguageChoice { language }).await
}
