//! The built UI. Trunk names the CSS after its content, and the split wasm build sits in a folder named
//! after its content, so those are cached for a year;
//! `index.html` (also the answer for every browser route) is checked each time, so a new build shows at
//! once. Each file goes out brotli- or gzip-compressed: from the `.br`/`.gz` files `cargo xtask` writes
//! beside the build, or compressed on the way out when those are missing.

pub mod embedded;

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

/// The UI from a folder. Any path that is not a file gets `index.html`, so the browser router can
/// take it.
pub fn service(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(dir.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    with_caching(Router::new().fallback_service(files))
}

/// The UI this binary carries, served like a folder.
pub fn embedded_service() -> Router {
    with_caching(Router::new().fallback(embedded::serve))
}

fn with_caching(files: Router) -> Router {
    files
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(middleware::from_fn(cache_control))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let fingerprinted = is_fingerprinted(request.uri().path());
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let policy = if fingerprinted && !is_html && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// Trunk's output names end in `-<16 hex digits>` before the extension; the split wasm build
/// (`cargo xtask split-ui`) lives in a folder named `app-<16 hex digits>`.
fn is_fingerprinted(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    let in_app_folder = segments
        .next()
        .and_then(|folder| folder.strip_prefix("app-"))
        .is_some_and(is_hash);
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    in_app_folder || stem.rsplit_once('-').is_some_and(|(_, hash)| is_hash(hash))
}

fn is_hash(text: &str) -> bool {
    (15..=16).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_fingerprinted;

    #[test]
    fn only_trunks_content_named_files_count_as_fingerprinted() {
        assert!(is_fingerprinted("/switchboard-ui-465c53291bd29d2_bg.wasm"));
        assert!(is_fingerprinted("/switchboard-ui-465c53291bd29d2.js"));
        assert!(is_fingerprinted("/main-8be7bd44e42bf1cb.css"));
        assert!(!is_fingerprinted("/index.html"));
        assert!(!is_fingerprinted("/conversations"));
        assert!(!is_fingerprinted("/conversations/CH0123456789abcdef"));
        assert!(!is_fingerprinted("/main.css"));
        assert!(is_fingerprinted(
            "/app-0123456789abcdef/split_templates.wasm"
        ));
        assert!(is_fingerprinted("/app-0123456789abcdef/switchboard-ui.js"));
        assert!(!is_fingerprinted("/app-latest/switchboard-ui.js"));
    }
}
