//! Twilio's list paging: `PageSize`, `Page` and an opaque `PageToken` in, a `meta` envelope out.

use axum::Json;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::wire::{Wire, origin};
use crate::TwilioError;
use crate::store::Store;

/// Every list's page size when the request gives none.
const DEFAULT_SIZE: usize = 50;

#[derive(Debug, Deserialize)]
struct PageQuery {
    #[serde(rename = "PageSize")]
    page_size: Option<String>,
    #[serde(rename = "Page")]
    page: Option<String>,
    #[serde(rename = "PageToken")]
    page_token: Option<String>,
}

/// A validated page request: where the page starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PageRequest {
    page: usize,
    size: usize,
    offset: usize,
}

impl PageQuery {
    fn validate(&self, default_size: usize, max_size: usize) -> Result<PageRequest, TwilioError> {
        let size = match &self.page_size {
            None => default_size,
            Some(text) => match text.parse::<usize>() {
                Ok(size) if (1..=max_size).contains(&size) => size,
                _ => {
                    return Err(TwilioError::invalid_parameter(format!(
                        "PageSize must be between 1 and {max_size}"
                    )));
                }
            },
        };
        let page = match &self.page {
            None => 0,
            Some(text) => text
                .parse()
                .map_err(|_| TwilioError::invalid_parameter("Page must be a whole number"))?,
        };
        let offset = match &self.page_token {
            None if page == 0 => 0,
            None => {
                return Err(TwilioError::invalid_parameter(
                    "Page requires the PageToken from next_page_url",
                ));
            }
            Some(token) => decode_token(token)
                .ok_or_else(|| TwilioError::invalid_parameter("PageToken is not valid"))?,
        };
        Ok(PageRequest { page, size, offset })
    }
}

fn encode_token(offset: usize) -> String {
    format!("PT{offset:x}")
}

fn decode_token(token: &str) -> Option<usize> {
    usize::from_str_radix(token.strip_prefix("PT")?, 16).ok()
}

#[derive(Debug, Serialize)]
struct PageMeta {
    page: usize,
    page_size: usize,
    first_page_url: String,
    previous_page_url: Option<String>,
    url: String,
    next_page_url: Option<String>,
    key: &'static str,
}

impl PageMeta {
    /// `list_url` is the absolute URL of the list with its filters and without paging parameters.
    fn new(request: PageRequest, total: usize, list_url: &str, key: &'static str) -> Self {
        let separator = if list_url.contains('?') { '&' } else { '?' };
        let page_url = |page: usize, offset: usize| {
            let mut url = format!("{list_url}{separator}PageSize={}&Page={page}", request.size);
            if page > 0 {
                url.push_str(&format!("&PageToken={}", encode_token(offset)));
            }
            url
        };
        let has_next = request.offset + request.size < total;
        PageMeta {
            page: request.page,
            page_size: request.size,
            first_page_url: page_url(0, 0),
            previous_page_url: (request.page > 0).then(|| {
                page_url(
                    request.page - 1,
                    request.offset.saturating_sub(request.size),
                )
            }),
            url: page_url(request.page, request.offset),
            next_page_url: has_next
                .then(|| page_url(request.page + 1, request.offset + request.size)),
            key,
        }
    }
}

/// A list request, taken from the query: the page asked for (at most `MAX` long) and the URLs
/// its `meta` envelope and items point to.
pub struct Listing<const MAX: usize> {
    request: PageRequest,
    list_url: String,
    origin: String,
}

impl<S: Send + Sync, const MAX: usize> FromRequestParts<S> for Listing<MAX> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let Query(query) = Query::<PageQuery>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let request = query
            .validate(DEFAULT_SIZE, MAX)
            .map_err(IntoResponse::into_response)?;
        Ok(Listing {
            request,
            list_url: list_url(&parts.headers, &parts.uri),
            origin: origin(&parts.headers),
        })
    }
}

impl<const MAX: usize> Listing<MAX> {
    /// One page of `items` in Twilio's envelope: `{key: [...], meta: {...}}`. Only the page's
    /// items are rendered, and a slice's are reached without visiting those before them.
    pub fn page<'a, T: 'a, I>(
        &self,
        store: &Store,
        items: I,
        key: &'static str,
        render: impl Fn(&Wire, &T) -> Value,
    ) -> Json<Value>
    where
        I: IntoIterator<Item = &'a T>,
        I::IntoIter: ExactSizeIterator,
    {
        let wire = Wire::at(store, self.origin.clone());
        let items = items.into_iter();
        let total = items.len();
        let page: Vec<Value> = items
            .skip(self.request.offset)
            .take(self.request.size)
            .map(|item| render(&wire, item))
            .collect();
        let meta = PageMeta::new(self.request, total, &self.list_url, key);
        Json(serde_json::json!({ key: page, "meta": meta }))
    }
}

/// The absolute URL of a list with its filters and without its paging parameters, for `meta`.
fn list_url(headers: &HeaderMap, uri: &Uri) -> String {
    let filters: Vec<(String, String)> = uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "PageSize" | "Page" | "PageToken"))
        .collect();
    let mut url = format!("{}{}", origin(headers), uri.path());
    if !filters.is_empty() {
        url.push('?');
        url.push_str(&serde_urlencoded::to_string(&filters).unwrap_or_default());
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(size: Option<&str>, page: Option<&str>, token: Option<&str>) -> PageQuery {
        PageQuery {
            page_size: size.map(Into::into),
            page: page.map(Into::into),
            page_token: token.map(Into::into),
        }
    }

    #[test]
    fn a_page_token_round_trips_through_next_page_url() {
        let first = query(Some("2"), None, None).validate(50, 100).unwrap();
        let meta = PageMeta::new(first, 5, "http://h/v1/Conversations", "conversations");
        let next = meta.next_page_url.unwrap();
        assert_eq!(
            next,
            "http://h/v1/Conversations?PageSize=2&Page=1&PageToken=PT2"
        );
        let second = query(Some("2"), Some("1"), Some("PT2"))
            .validate(50, 100)
            .unwrap();
        assert_eq!(
            second,
            PageRequest {
                page: 1,
                size: 2,
                offset: 2
            }
        );
    }

    #[test]
    fn the_last_page_has_no_next_page() {
        let last = query(Some("2"), Some("2"), Some("PT4"))
            .validate(50, 100)
            .unwrap();
        let meta = PageMeta::new(last, 5, "http://h/v1/Conversations", "conversations");
        assert_eq!(meta.next_page_url, None);
        assert!(meta.previous_page_url.is_some());
    }

    #[test]
    fn rejects_page_sizes_out_of_range() {
        assert!(query(Some("0"), None, None).validate(50, 100).is_err());
        assert!(query(Some("101"), None, None).validate(50, 100).is_err());
        assert!(query(Some("ten"), None, None).validate(50, 100).is_err());
    }
}
