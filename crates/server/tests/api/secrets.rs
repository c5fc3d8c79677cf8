//! The Twilio auth token never leaves the server: the real binary runs against a standalone sandbox
//! with a recognisable token and debug logging, the API is driven broadly (failures included), and
//! every answer, every file of the built UI and every log line is searched for any piece of it.

use crate::common;

use crate::common::process::ServerProcess;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::SecretString;
use serde_json::{Value, json};
use switchboard_sandbox::{SandboxCredentials, SandboxOptions, SandboxState};

const ACCOUNT: &str = "AC5ec7e75ec7e75ec7e75ec7e75ec7e75e";
const TOKEN: &str = "Tok3n-0f-Sw1tchb0ard-n3v3r-sh0wn-7f3a";

/// Every 8-byte piece of the token, the token in base64, and the basic-auth credentials built from it.
fn needles() -> Vec<String> {
    let mut needles: Vec<String> = (0..=TOKEN.len() - 8)
        .map(|i| TOKEN[i..i + 8].to_owned())
        .collect();
    needles.push(STANDARD.encode(TOKEN));
    needles.push(STANDARD.encode(format!("{ACCOUNT}:{TOKEN}")));
    needles
}

struct Scan {
    needles: Vec<String>,
    bytes: usize,
    found: Vec<String>,
}

impl Scan {
    fn search(&mut self, what: &str, haystack: &[u8]) {
        self.bytes += haystack.len();
        let text = String::from_utf8_lossy(haystack);
        for needle in &self.needles {
            if text.contains(needle.as_str()) {
                self.found.push(format!("{what} holds {needle:?}"));
            }
        }
    }
}

#[tokio::test]
async fn no_answer_ui_file_or_log_line_holds_any_piece_of_the_auth_token() {
    let credentials = SandboxCredentials::new(ACCOUNT.into(), SecretString::from(TOKEN));
    let options = SandboxOptions {
        test_controls: true,
        ..SandboxOptions::default()
    };
    let state = SandboxState::with_demo_data(credentials).with_options(options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sandbox = switchboard_sandbox::spawn(listener, state).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let built_ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui");
    assert!(
        built_ui.join("index.html").is_file(),
        "no built UI in {}: this test scans its files, so build it first (`cargo xtask test` does)",
        built_ui.display()
    );
    let ui_dir = built_ui.clone();
    let env = [
        ("RUST_LOG", "debug"),
        ("TWILIO_ACCOUNT_SID", ACCOUNT),
        ("TWILIO_AUTH_TOKEN", TOKEN),
        ("TWILIO_API_BASE_URL", &sandbox.base_url()),
    ];
    let server = ServerProcess::start(&dir.path().join("switchboard.db"), &ui_dir, &env);
    let mut scan = Scan {
        needles: needles(),
        bytes: 0,
        found: Vec::new(),
    };

    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let mut csrf = String::new();
    let mut answers = 0;
    let mut call = async |method: &str, path: &str, body: Option<Value>, csrf: &str| -> Value {
        let mut request = http
            .request(method.parse().unwrap(), format!("{}{path}", server.base))
            .header("x-csrf-token", csrf);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let mut head = format!("{}\n", response.status());
        for (name, value) in response.headers() {
            head.push_str(&format!(
                "{name}: {}\n",
                String::from_utf8_lossy(value.as_bytes())
            ));
        }
        let bytes = response.bytes().await.unwrap();
        scan.search(&format!("{method} {path} headers"), head.as_bytes());
        scan.search(&format!("{method} {path} body"), &bytes);
        answers += 1;
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    };
    let setup = json!({ "token": common::SETUP_TOKEN, "username": common::ADMIN, "password": common::PASSWORD });
    let session = call("POST", "/api/v1/setup", Some(setup), "").await;
    csrf.push_str(session["csrf_token"].as_str().unwrap());
    let csrf = csrf.as_str();
    for path in [
        "/",
        "/index.html",
        "/api/v1/info",
        "/api/v1/openapi.json",
        "/api/v1/session",
        "/api/v1/users",
        "/api/v1/numbers",
        "/api/v1/templates",
        "/api/v1/conversations",
        "/metrics",
        "/readyz",
    ] {
        call("GET", path, None, csrf).await;
    }
    let pairing = json!({ "friendly_name": "Secret scan", "reference": "77", "sides": [
        { "name": "Ana", "channel": "whatsapp", "number": "+34 611 000 777" },
        { "name": "Bruno", "channel": "sms", "number": "+1 555 010 0777" } ] });
    call(
        "POST",
        "/api/v1/pairings/check",
        Some(pairing.clone()),
        csrf,
    )
    .await;
    let created = call("POST", "/api/v1/pairings", Some(pairing.clone()), csrf).await;
    call("POST", "/api/v1/pairings", Some(pairing), csrf).await;
    let sid = created["conversation_sid"]
        .as_str()
        .expect("paired")
        .to_owned();
    let conversation = format!("/api/v1/conversations/{sid}");
    call("GET", &conversation, None, csrf).await;
    let message = json!({ "body": "hello from the scan" });
    call(
        "POST",
        &format!("{conversation}/messages"),
        Some(message),
        csrf,
    )
    .await;
    let hook = json!({ "target": "webhook", "url": "https://hooks.example.com/in", "method": "post", "filters": ["onMessageAdded"] });
    call(
        "POST",
        &format!("{conversation}/webhooks"),
        Some(hook),
        csrf,
    )
    .await;
    call("GET", &format!("{conversation}/webhooks"), None, csrf).await;
    let csv = "friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy\n\
               Scan import,78,Carla,sms,+15550100778,,Dario,whatsapp,+34611000778,\n";
    call(
        "POST",
        "/api/v1/pairings/imports/preview",
        Some(json!({ "csv": csv })),
        csrf,
    )
    .await;
    call(
        "POST",
        "/api/v1/pairings/imports",
        Some(json!({ "csv": csv })),
        csrf,
    )
    .await;
    call(
        "GET",
        "/api/v1/conversations/CH00000000000000000000000000000000",
        None,
        csrf,
    )
    .await;
    let faults = sandbox.base_url() + "/sandbox/v1/Faults";
    let upstream = reqwest::Client::new();
    for fault in [
        ("5xx", "/v1/Conversations"),
        ("drop", "/v1/ConversationWithParticipants"),
    ] {
        let form = [("Path", fault.1), ("Type", fault.0), ("Count", "3")];
        let added = upstream
            .post(&faults)
            .basic_auth(ACCOUNT, Some(TOKEN))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 201);
    }
    call("GET", "/api/v1/conversations", None, csrf).await;
    call("DELETE", &conversation, None, csrf).await;
    call("GET", "/api/v1/audit", None, csrf).await;
    call("DELETE", "/api/v1/session", None, csrf).await;

    let logs = server.kill();
    assert!(
        String::from_utf8_lossy(&logs).contains("DEBUG"),
        "debug logging was on"
    );
    scan.search("the server's log", &logs);
    let mut ui_files = 0;
    for entry in std::fs::read_dir(&built_ui).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            scan.search(&path.display().to_string(), &std::fs::read(&path).unwrap());
            ui_files += 1;
        }
    }
    assert!(ui_files >= 3, "only {ui_files} built UI files scanned");
    println!(
        "secret scan: {answers} answers (headers and bodies), {ui_files} built UI files, {} log lines; {} bytes searched for {} pieces of the token; found {}",
        String::from_utf8_lossy(&logs).lines().count(),
        scan.bytes,
        scan.needles.len(),
        scan.found.len()
    );
    assert!(scan.found.is_empty(), "{}", scan.found.join("\n"));
}
