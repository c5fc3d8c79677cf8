//! The security headers every answer must carry.

/// What is wrong with `response`'s security headers; empty when all are right.
pub fn header_problems(response: &reqwest::Response) -> Vec<String> {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let csp = header("content-security-policy");
    let mut problems = Vec::new();
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        if !csp.contains(directive) {
            problems.push(format!("CSP without {directive}: {csp:?}"));
        }
    }
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
    ] {
        if header(name) != value {
            problems.push(format!("{name}: {:?}, expected {value}", header(name)));
        }
    }
    problems
}
