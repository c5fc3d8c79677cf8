//! What an operator of the server relies on: probes, metrics, security headers, the setup link and
//! the `switchboard user` command.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::common::{INDEX_HTML, spawn};

#[tokio::test]
async fn health_and_readiness_answer_without_a_session() {
    let app = spawn().await;
    let anonymous = app.anonymous();
    let health: serde_json::Value = anonymous.get_ok("/healthz").await;
    assert_eq!(health["status"], "ok");
    let ready: serde_json::Value = anonymous.get_ok("/readyz").await;
    assert_eq!(ready["status"], "ready");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn().await;
    let anonymous = app.anonymous();
    anonymous.get("/api/v1/info").await;
    anonymous.get("/api/v1/users").await;
    anonymous.get("/api/v1/no-such-route/12345").await;
    let text = anonymous.get("/metrics").await.text().await.unwrap();
    let line = |route: &str, status: u16| {
        format!(
            "switchboard_http_requests_total{{method=\"GET\",route=\"{route}\",status=\"{status}\"}} 1"
        )
    };
    for expected in [
        line("/api/v1/info", 200),
        line("/api/v1/users", 401),
        line("/api/unmatched", 404),
    ] {
        assert!(text.contains(&expected), "missing {expected} in\n{text}");
    }
    assert!(text.contains("switchboard_http_request_duration_seconds_bucket"));
    assert!(!text.contains("12345"), "a raw path leaked into the labels");
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_csp_for_the_inline_script() {
    let app = spawn().await;
    let script = INDEX_HTML
        .split_once("<script type=\"module\">")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(body, _)| body)
        .unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    for path in [
        "/",
        "/conversations",
        "/api/v1/info",
        "/api/v1/users",
        "/healthz",
    ] {
        let response = app.anonymous().get(path).await;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let csp = header("content-security-policy");
        assert!(
            csp.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"
            )),
            "{path}: {csp}"
        );
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
    }
}

#[test]
fn the_binary_prints_the_one_time_setup_link_while_no_account_exists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX_HTML).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["serve", "--listen", "127.0.0.1:0", "--ui-dir"])
        .arg(dir.path())
        .arg("--db")
        .arg(dir.path().join("switchboard.db"))
        .env("SWITCHBOARD_SETUP_TOKEN", "known-token-for-this-test")
        .env_remove("TWILIO_ACCOUNT_SID")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let first_line = BufReader::new(server.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find(|line| line.starts_with("No staff account"))
        .unwrap_or_default();
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        first_line.starts_with(
            "No staff account exists yet. Create the first admin, once, at: http://127.0.0.1:"
        ),
        "{first_line}"
    );
    assert!(
        first_line
            .trim_end()
            .ends_with("/setup?token=known-token-for-this-test"),
        "{first_line}"
    );
}

#[tokio::test]
async fn the_user_command_adds_lists_and_disables_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::database::fresh(dir.path())
        .await
        .expose_as_arg();
    let run = |args: &[&str], password: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_switchboard"));
        command.arg("user").args(args).arg("--db").arg(&db);
        match password {
            Some(p) => command.env("SWITCHBOARD_PASSWORD", p),
            None => command.env_remove("SWITCHBOARD_PASSWORD"),
        };
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let added = run(
        &["add", "alicia", "--role", "operator"],
        Some("a long enough secret"),
    );
    assert_eq!(
        added,
        (Some(0), "added alicia (operator)\n".into(), String::new())
    );
    let weak = run(&["add", "bruno"], Some("short"));
    assert_eq!(weak.0, Some(2));
    assert_eq!(
        weak.2,
        "switchboard: A password needs at least 10 characters.\n"
    );
    assert_eq!(run(&["disable", "alicia"], None).0, Some(0));
    let (_, list, _) = run(&["list"], None);
    assert_eq!(list, "alicia\toperator  disabled\n");
    let unknown = run(&["disable", "nobody"], None);
    assert_eq!(unknown.0, Some(2));
    assert!(
        unknown.2.contains("there is no account named nobody"),
        "{}",
        unknown.2
    );
}
