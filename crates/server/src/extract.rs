//! `Json` and `Query` extractors whose rejections are `AppError`s, so a malformed request also gets a
//! JSON `ErrorBody` that says what to fix (axum's own answer plain text).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON request body (and, as a response, a JSON body).
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        // Parsed as a value first: serde would take a struct from an array of its fields.
        match axum::Json::<serde_json::Value>::from_request(request, state).await {
            Ok(axum::Json(value)) if !value.is_object() => Err(AppError::Invalid(
                "The request body must be a JSON object, as this route describes.".into(),
            )),
            Ok(axum::Json(value)) => serde_json::from_value(value).map(Json).map_err(|e| {
                AppError::Invalid(format!(
                    "The request body was refused: {e}. Send JSON as this route describes."
                ))
            }),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::TooLarge)
            }
            Err(rejection) => Err(AppError::Invalid(format!(
                "The request body was refused: {}. Send JSON as this route describes.",
                rejection.body_text()
            ))),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A path parameter, parsed; one that cannot be (e.g. an id too large for a number) names nothing.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(AppError::NotFound(format!(
                "There is nothing at {}: check the link.",
                parts.uri.path()
            ))),
        }
    }
}

/// The URL query, parsed.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(AppError::Invalid(format!(
                "The query string was refused: {}. Fix that parameter and try again.",
                rejection.body_text()
            ))),
        }
    }
}
