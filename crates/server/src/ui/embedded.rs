//! The built UI carried inside the binary, so a release is one file to deploy. A release build
//! embeds `target/ui` as it was when the server was compiled (`cargo xtask dist` builds the UI
//! first); a debug build reads that folder from disk instead, so a UI rebuild shows without one.

use std::borrow::Cow;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::{EmbeddedFile, RustEmbed};

#[derive(RustEmbed)]
#[folder = "../../target/ui"]
#[allow_missing = true]
struct BuiltUi;

/// Whether this binary carries a UI.
pub fn present() -> bool {
    BuiltUi::get("index.html").is_some()
}

/// The carried `index.html`, whose inline scripts the CSP names.
pub fn index_html() -> Option<String> {
    BuiltUi::get("index.html").map(|file| String::from_utf8_lossy(&file.data).into_owned())
}

/// Answers a UI path from the carried files: the file itself, or `index.html` for any path that is
/// not one (the browser router takes it), as its brotli or gzip copy when the browser takes one.
pub async fn serve(request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    let name = match BuiltUi::get(path) {
        Some(_) if !path.is_empty() => path,
        _ => "index.html",
    };
    let Some(file) = BuiltUi::get(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (encoding, file) = compressed_copy(request.headers(), name).unwrap_or((None, file));
    let etag = etag(&file);
    if request
        .headers()
        .get(IF_NONE_MATCH)
        .is_some_and(|sent| sent.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response();
    }
    let content_type = mime_guess::from_path(name).first_or_octet_stream();
    // A release build's files are static: sent as they are, not copied per request.
    let body = match file.data {
        Cow::Borrowed(bytes) => Body::from(bytes),
        Cow::Owned(bytes) => Body::from(bytes),
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, header(content_type.essence_str()));
    headers.insert(ETAG, etag);
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// The `.br` or `.gz` copy `cargo xtask` writes beside a file, when the browser accepts it.
fn compressed_copy(
    headers: &HeaderMap,
    name: &str,
) -> Option<(Option<&'static str>, EmbeddedFile)> {
    let accepted = headers
        .get(ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(encoding, _)| accepted.split(',').any(|a| a.trim().starts_with(encoding)))
        .find_map(|(encoding, ext)| {
            BuiltUi::get(&format!("{name}.{ext}")).map(|copy| (Some(encoding), copy))
        })
}

fn etag(file: &EmbeddedFile) -> HeaderValue {
    let hash: String = file.metadata.sha256_hash()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    header(&format!("\"{hash}\""))
}

fn header(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).expect("a header value made of ASCII")
}
