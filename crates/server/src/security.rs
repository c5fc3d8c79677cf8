//! Headers every response carries, and the same-origin check every change must pass.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// The Content-Security-Policy for the built UI: its own files, wasm compilation, and the hash of each
/// inline script in `index.html` (Trunk inlines the module script that loads the wasm).
pub fn content_security_policy(index_html: Option<&str>) -> HeaderValue {
    let hashes: String = index_html
        .map(inline_scripts)
        .unwrap_or_default()
        .into_iter()
        .map(|script| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(script.as_bytes()))
            )
        })
        .collect();
    let policy = format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).expect("a policy of ASCII text")
}

/// The bodies of `<script>` elements without a `src`, exactly as the browser hashes them.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(tag_end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + tag_end];
        let body_start = start + tag_end + 1;
        let Some(body_len) = rest[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&rest[body_start..body_start + body_len]);
        }
        rest = &rest[body_start + body_len..];
    }
    scripts
}

#[derive(Clone)]
pub struct Security {
    pub csp: HeaderValue,
    /// The configured public URL, also accepted as the origin of changes (behind a proxy).
    pub public_url: Option<String>,
}

pub async fn headers(State(security): State<Security>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, security.csp);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Refuses a change (any method but GET/HEAD/OPTIONS) that a browser says came from another site.
/// Requests without these headers (servers such as Twilio's webhooks, the CLI) pass; the session's
/// CSRF token still guards every signed-in change.
pub async fn same_origin(
    State(security): State<Security>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !from_same_origin(&request, security.public_url.as_deref()) {
        return AppError::CrossSite.into_response();
    }
    next.run(request).await
}

fn from_same_origin(request: &Request, public_url: Option<&str>) -> bool {
    let headers = request.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if text("sec-fetch-site").is_some_and(|site| site != "same-origin") {
        return false;
    }
    match (text("origin"), text("host")) {
        (None, _) => true,
        (Some(origin), _) if Some(origin) == public_url => true,
        (Some(origin), Some(host)) => {
            origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                == Some(host)
        }
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = "<script type=\"module\">\nimport init from '/a.js';\n</script><script src=\"/b.js\"></script>";
        assert_eq!(inline_scripts(html), vec!["\nimport init from '/a.js';\n"]);
        let csp = content_security_policy(Some(html));
        let csp = csp.to_str().unwrap();
        assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
