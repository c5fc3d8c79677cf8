//! `Json` and `Query` extractors whose rejections are `AppError`s, so a malformed request also gets a
//! JSON `ErrorBody` that says what to fix (axum's own answer plain text).

use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{AppError, said};

/// A JSON request body (and, as a response, a JSON body).
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        // Parsed as a value first: serde would take a struct from an array of its fields.
        match axum::Json::<serde_json::Value>::from_request(request, state).await {
            Ok(axum::Json(value)) if !value.is_object() => {
                Err(AppError::invalid(said!(body_not_object)))
            }
            Ok(axum::Json(value)) => serde_json::from_value(value).map(Json).map_err(refused),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::TooLarge)
            }
            Err(rejection) => Err(AppError::invalid(said!(
                body_refused,
                detail = rejection.body_text()
            ))),
        }
    }
}

/// A body type's own refusal (e.g. a message with both a text and a template) is already a
/// sentence; serde's own messages are lowercase fragments that need one around them.
fn refused(error: serde_json::Error) -> AppError {
    let text = error.to_string();
    if text.starts_with(char::is_uppercase) && text.ends_with('.') {
        AppError::Invalid(text)
    } else {
        AppError::invalid(said!(body_refused, detail = text))
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
        path_params(parts, state).await.map(Path)
    }
}

/// Path parameters that are SIDs (`ConversationSid`, or a tuple such as `(ConversationSid,
/// WebhookSid)`), each parsed into its type: a malformed one is a 404 whose sentence says what the
/// SID should look like. (Not named `Path`: utoipa takes any `Path<T>` argument for axum's and
/// would want `T: IntoParams`.)
pub struct SidPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for SidPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        path_params(parts, state).await.map(SidPath)
    }
}

async fn path_params<S: Send + Sync, T: DeserializeOwned + Send>(
    parts: &mut Parts,
    state: &S,
) -> Result<T, AppError> {
    use axum::extract::path::ErrorKind;
    use axum::extract::rejection::PathRejection;
    let rejection = match axum::extract::Path::<T>::from_request_parts(parts, state).await {
        Ok(axum::extract::Path(value)) => return Ok(value),
        Err(rejection) => rejection,
    };
    // A type's own refusal (a SID's) says what is wrong; others name nothing to fix.
    let own = match rejection {
        PathRejection::FailedToDeserializePathParams(failed) => match failed.into_kind() {
            ErrorKind::Message(why) | ErrorKind::DeserializeError { message: why, .. } => Some(why),
            _ => None,
        },
        _ => None,
    };
    let why = own.unwrap_or_else(|| "check the link".to_owned());
    // The path as the client sent it: under `nest`, `parts.uri` has lost the `/api/v1` prefix.
    let path = match parts.extensions.get::<OriginalUri>() {
        Some(OriginalUri(uri)) => uri.path(),
        None => parts.uri.path(),
    };
    Err(AppError::not_found(said!(
        nothing_at,
        path = path,
        why = why
    )))
}

/// The URL query, parsed.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(AppError::invalid(said!(
                query_refused,
                detail = rejection.body_text()
            ))),
        }
    }
}
