//! Bulk pairing from a CSV file.

use switchboard_core::api::{ImportPreview, ImportProgress, ImportRequest};

use super::{ApiError, get_json, post_json};

pub async fn preview_import(csv: String) -> Result<ImportPreview, ApiError> {
    post_json("/api/v1/pairings/imports/preview", &ImportRequest { csv }).await
}

pub async fn start_import(csv: String) -> Result<ImportProgress, ApiError> {
    post_json("/api/v1/pairings/imports", &ImportRequest { csv }).await
}

pub async fn import_progress(id: i64) -> Result<ImportProgress, ApiError> {
    get_json(&format!("/api/v1/pairings/imports/{id}")).await
}
