//! Black-box tests: the real server on port 0, its embedded sandbox over HTTP, called like the UI.

use crate::common;

use std::net::SocketAddr;
use std::process::Command;

use secrecy::SecretString;
use switchboard_core::Sid;
use switchboard_core::api::{
    ConversationPage, ConversationState, ErrorBody, ServerInfo, UpstreamMode,
};
use switchboard_sandbox::{SandboxCredentials, SandboxState};
use switchboard_server::{Application, Config, StartError, Upstream};

use crate::common::{TestApp, spawn};
use switchboard_twilio::{Bases, Credentials};

#[tokio::test]
async fn the_conversations_list_shows_the_sandbox_demo_conversations() {
    let app = spawn().await;
    let page: ConversationPage = app.admin.get_ok("/api/v1/conversations").await;
    let names: Vec<_> = page
        .conversations
        .iter()
        .filter_map(|c| c.friendly_name.as_deref())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.contains(&"Order 8812 — Robert ⇄ Alicia"), "{names:?}");
    let closed = page
        .conversations
        .iter()
        .filter(|c| c.state == ConversationState::Closed)
        .count();
    assert_eq!(closed, 1);
    assert!(
        page.conversations
            .iter()
            .all(|c| c.sid.starts_with("CH") && c.date_created.ends_with('Z'))
    );
}

#[tokio::test]
async fn info_says_the_server_runs_on_the_sandbox() {
    let app = spawn().await;
    let info: ServerInfo = app.anonymous().get_ok("/api/v1/info").await;
    assert_eq!(info.upstream, UpstreamMode::Sandbox);
}

#[tokio::test]
async fn with_credentials_the_server_calls_the_configured_twilio_base_url() {
    let credentials = SandboxCredentials::new(
        "AC0123456789abcdef0123456789abcdef".into(),
        SecretString::from("a-configured-token"),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let twilio =
        switchboard_sandbox::spawn(listener, SandboxState::with_demo_data(credentials)).unwrap();
    let upstream = Upstream::Twilio {
        account_sid: Sid::parse(&twilio.account_sid, "AC", "account").unwrap(),
        credentials: Credentials::new(
            twilio.account_sid.clone(),
            SecretString::from("a-configured-token"),
        ),
        bases: Bases::single_origin(&twilio.base_url()),
        auth_token: None,
    };
    let app = TestApp::spawn_with(upstream).await;
    let info: ServerInfo = app.admin.get_ok("/api/v1/info").await;
    assert_eq!(info.upstream, UpstreamMode::Twilio);
    let page: ConversationPage = app.admin.get_ok("/api/v1/conversations").await;
    assert_eq!(page.conversations.len(), 4);
}

#[tokio::test]
async fn a_wrong_auth_token_reaches_the_operator_as_twilios_refusal() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let twilio =
        switchboard_sandbox::spawn(listener, SandboxState::new(SandboxCredentials::generate()))
            .unwrap();
    let upstream = Upstream::Twilio {
        account_sid: Sid::parse(&twilio.account_sid, "AC", "account").unwrap(),
        credentials: Credentials::new(
            twilio.account_sid.clone(),
            SecretString::from("not-the-token"),
        ),
        bases: Bases::single_origin(&twilio.base_url()),
        auth_token: None,
    };
    let app = TestApp::spawn_with(upstream).await;
    let response = app.admin.get("/api/v1/conversations").await;
    assert_eq!(response.status(), 502);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.code, "twilio_credentials");
    assert!(
        body.message.contains("TWILIO_AUTH_TOKEN"),
        "{}",
        body.message
    );
}

#[tokio::test]
async fn an_unknown_api_route_answers_json_not_the_ui() {
    let app = spawn().await;
    let response = app.admin.get("/api/v1/nothing-here").await;
    assert_eq!(response.status(), 404);
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(
        body.message,
        "There is no API route GET /api/v1/nothing-here."
    );
}

#[tokio::test]
async fn any_page_path_serves_the_ui_so_deep_links_work() {
    let app = spawn().await;
    let response = app.anonymous().get("/conversations?state=active").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), common::INDEX_HTML);
}

#[tokio::test]
async fn a_port_in_use_stops_start_up_with_one_sentence() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr: SocketAddr = taken.local_addr().unwrap();
    let db = tempfile::tempdir().unwrap();
    let config = Config::new(
        addr,
        Upstream::Sandbox,
        crate::common::database::fresh(db.path()).await,
    );
    let Err(error) = Application::build(config).await else {
        panic!("started on a taken port")
    };
    assert!(matches!(error, StartError::PortInUse(_)));
    assert_eq!(
        error.to_string(),
        format!(
            "{addr} is already in use: stop the program using it, or pass --listen with another port"
        )
    );
}

#[test]
fn the_binary_refuses_a_malformed_account_sid_with_a_sentence_not_a_panic() {
    let ui_dir = tempfile::tempdir().unwrap();
    std::fs::write(ui_dir.path().join("index.html"), "").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["serve", "--listen", "127.0.0.1:0", "--ui-dir"])
        .arg(ui_dir.path())
        .arg("--db")
        .arg(ui_dir.path().join("switchboard.db"))
        .env("TWILIO_ACCOUNT_SID", "AC123")
        .env("TWILIO_AUTH_TOKEN", "secret-token-value")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("switchboard: TWILIO_ACCOUNT_SID must start with \"AC\""),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("secret-token-value"),
        "{stderr}"
    );
}
