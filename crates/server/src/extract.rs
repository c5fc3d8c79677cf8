//! `Json`, `Query`, `Path` and `SidPath` extractors whose rejections are `AppError`s, so a malformed
//! request also gets a JSON `ErrorBody` that names what to fix (axum's own answer is plain text).

use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use axum::extract::rejection::JsonRejection;
use switchboard_core::api::ONE_CONTENT;
use switchboard_core::{ConversationSid, ParticipantSid, SidError, WebhookSid};

use crate::error::{AppError, Sentence, said};

/// A JSON request body (and, as a response, a JSON body).
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        // Parsed as a value first: serde would take a struct from an array of its fields.
        let value = match axum::Json::<serde_json::Value>::from_request(request, state).await {
            Ok(axum::Json(value)) => value,
            Err(rejection) => return Err(body_refused(rejection)),
        };
        if !value.is_object() {
            return Err(AppError::invalid(said!(body_not_object)));
        }
        serde_path_to_error::deserialize(value)
            .map(Json)
            .map_err(|error| AppError::invalid(part_refused(Part::Body, &error)))
    }
}

/// Why a body is not JSON at all, said without axum's or serde's own English.
fn body_refused(rejection: JsonRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::TooLarge;
    }
    let sentence = match (&rejection, syntax_error(&rejection)) {
        (JsonRejection::MissingJsonContentType(_), _) => said!(body_not_json_type),
        (JsonRejection::JsonSyntaxError(_), Some(error)) => {
            said!(body_not_json, line = error.line(), column = error.column())
        }
        _ => said!(body_unreadable),
    };
    AppError::invalid(sentence)
}

/// serde's error behind a body that is not JSON: it knows the line and column.
fn syntax_error(rejection: &JsonRejection) -> Option<&serde_json::Error> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(error) = next {
        if let Some(json) = error.downcast_ref::<serde_json::Error>() {
            return Some(json);
        }
        if let Some(at) = error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            return Some(at.inner());
        }
        next = error.source();
    }
    None
}

/// Where a refused part of a request came from.
#[derive(Clone, Copy)]
enum Part {
    Body,
    Query,
}

/// A body's or query's field that serde refused, named by its path (`sides[0].channel`, `page_size`)
/// in a sentence of the catalog: serde's own messages are English fragments.
fn part_refused<E: std::fmt::Display>(
    part: Part,
    error: &serde_path_to_error::Error<E>,
) -> Sentence {
    let message = error.inner().to_string();
    let path = error.path().to_string();
    let within = |name: &str| match path.as_str() {
        "." => name.to_owned(),
        parent => format!("{parent}.{name}"),
    };
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
        .map(within);
    // serde's path already ends at an unknown field.
    let unknown = message.starts_with("unknown field `").then(|| path.clone());
    if message == ONE_CONTENT {
        return said!(message_one_content);
    }
    match (part, missing, unknown) {
        (Part::Body, Some(field), _) => said!(body_field_missing, field = field),
        (Part::Body, None, Some(field)) => said!(body_field_unknown, field = field),
        (Part::Body, None, None) => said!(body_field_wrong, field = path),
        (Part::Query, Some(name), _) => said!(query_missing, name = name),
        (Part::Query, None, Some(name)) => said!(query_unknown, name = name),
        (Part::Query, None, None) => said!(query_wrong, name = path),
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
            Err(_) => Err(AppError::not_found(said!(
                nothing_at,
                path = sent_path(parts)
            ))),
        }
    }
}

/// Path parameters that are SIDs (`ConversationSid`, or a pair such as `(ConversationSid,
/// WebhookSid)`), each parsed into its type: a malformed one is a 404 whose sentence says what the
/// SID should look like. (Not named `Path`: utoipa takes any `Path<T>` argument for axum's and
/// would want `T: IntoParams`.)
pub struct SidPath<T>(pub T);

impl<S: Send + Sync, T: SidParams> FromRequestParts<S> for SidPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let values = axum::extract::Path::<Vec<String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::not_found(said!(nothing_at, path = sent_path(parts))))?;
        T::parse(&values.0).map(SidPath).map_err(|error| {
            AppError::not_found(said!(
                nothing_at_sid,
                path = sent_path(parts),
                prefix = error.prefix(),
                example = error.example()
            ))
        })
    }
}

/// One SID type a path may name.
pub trait OneSid: Sized {
    fn parse_one(text: &str) -> Result<Self, SidError>;
}

macro_rules! one_sid {
    ($($sid:ty),*) => {$(
        impl OneSid for $sid {
            fn parse_one(text: &str) -> Result<Self, SidError> {
                <$sid>::parse(text)
            }
        }
    )*};
}
one_sid!(ConversationSid, ParticipantSid, WebhookSid);

/// The SIDs a path names, in order.
pub trait SidParams: Sized {
    fn parse(values: &[String]) -> Result<Self, SidError>;
}

fn nth<T: OneSid>(values: &[String], index: usize) -> Result<T, SidError> {
    T::parse_one(values.get(index).map_or("", String::as_str))
}

impl<A: OneSid> SidParams for A {
    fn parse(values: &[String]) -> Result<Self, SidError> {
        nth(values, 0)
    }
}

impl<A: OneSid, B: OneSid> SidParams for (A, B) {
    fn parse(values: &[String]) -> Result<Self, SidError> {
        Ok((nth(values, 0)?, nth(values, 1)?))
    }
}

/// The path as the client sent it: under `nest`, `parts.uri` has lost the `/api/v1` prefix.
fn sent_path(parts: &Parts) -> String {
    match parts.extensions.get::<OriginalUri>() {
        Some(OriginalUri(uri)) => uri.path().to_owned(),
        None => parts.uri.path().to_owned(),
    }
}

/// The URL query, parsed.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Query)
    }
}

/// A URL query (without its `?`) read as `T`; a parameter that does not parse is named.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let pairs = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(pairs)
        .map_err(|error| AppError::invalid(part_refused(Part::Query, &error)))
}
