//! The Twilio auth token never leaves the server: the real binary runs against a standalone sandbox
//! with a recognisable token and debug logging, the API is driven broadly (failures included), and
//! every answer, every file of the built UI and every log line is searched for any piece of it.

use crate::common;

use crate::common::process::ServerProcess;
use crate::common::upstream::standalone_sandbox;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

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

/// The API as the first admin sees it, each answer's head and body searched as it arrives.
struct Caller {
    http: reqwest::Client,
    base: String,
    csrf: String,
    answers: usize,
    scan: Scan,
}

impl Caller {
    async fn call(&mut self, method: &str, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf);
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
        self.scan
            .search(&format!("{method} {path} headers"), head.as_bytes());
        self.scan.search(&format!("{method} {path} body"), &bytes);
        self.answers += 1;
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }

    /// Creates the first admin and keeps its CSRF token for every later call.
    async fn set_up(&mut self) {
        let setup = json!({ "token": common::SETUP_TOKEN, "username": common::ADMIN, "password": common::PASSWORD });
        let session = self.call("POST", "/api/v1/setup", Some(setup)).await;
        self.csrf = session["csrf_token"].as_str().unwrap().to_owned();
    }

    async fn read_everything(&mut self) {
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
            self.call("GET", path, None).await;
        }
    }

    /// Pairs (twice, the second refused), reads, writes and adds a webhook; returns the
    /// conversation's API path.
    async fn pair_and_use(&mut self) -> String {
        let pairing = json!({ "friendly_name": "Secret scan", "reference": "77", "sides": [
            { "name": "Ana", "channel": "whatsapp", "number": "+34 611 000 777" },
            { "name": "Bruno", "channel": "sms", "number": "+1 555 010 0777" } ] });
        self.call("POST", "/api/v1/pairings/check", Some(pairing.clone()))
            .await;
        let created = self
            .call("POST", "/api/v1/pairings", Some(pairing.clone()))
            .await;
        self.call("POST", "/api/v1/pairings", Some(pairing)).await;
        let sid = created["conversation_sid"]
            .as_str()
            .expect("paired")
            .to_owned();
        let conversation = format!("/api/v1/conversations/{sid}");
        self.call("GET", &conversation, None).await;
        let message = json!({ "body": "hello from the scan" });
        self.call("POST", &format!("{conversation}/messages"), Some(message))
            .await;
        let hook = json!({ "target": "webhook", "url": "https://hooks.example.com/in", "method": "post", "filters": ["onMessageAdded"] });
        self.call("POST", &format!("{conversation}/webhooks"), Some(hook))
            .await;
        self.call("GET", &format!("{conversation}/webhooks"), None)
            .await;
        conversation
    }

    async fn import_and_miss(&mut self) {
        let csv = "friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy\n\
                   Scan import,78,Carla,sms,+15550100778,,Dario,whatsapp,+34611000778,\n";
        self.call(
            "POST",
            "/api/v1/pairings/imports/preview",
            Some(json!({ "csv": csv })),
        )
        .await;
        self.call(
            "POST",
            "/api/v1/pairings/imports",
            Some(json!({ "csv": csv })),
        )
        .await;
        self.call(
            "GET",
            "/api/v1/conversations/CH00000000000000000000000000000000",
            None,
        )
        .await;
    }
}

/// Makes the sandbox fail the next few list reads with a 5xx and drop pairing creations.
async fn inject_faults(sandbox_base: &str) {
    let faults = sandbox_base.to_owned() + "/sandbox/v1/Faults";
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
}

/// Searches every file of the built UI; returns how many there were.
fn scan_ui_files(scan: &mut Scan, built_ui: &std::path::Path) -> usize {
    let files = crate::common::files_under(built_ui);
    for file in &files {
        let path = built_ui.join(file);
        scan.search(&path.display().to_string(), &std::fs::read(&path).unwrap());
    }
    files.len()
}

#[tokio::test]
async fn no_answer_ui_file_or_log_line_holds_any_piece_of_the_auth_token() {
    let sandbox = standalone_sandbox(ACCOUNT, TOKEN).await;
    let dir = tempfile::tempdir().unwrap();
    let built_ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui");
    assert!(
        built_ui.join("index.html").is_file(),
        "no built UI in {}: this test scans its files, so build it first (`cargo xtask test` does)",
        built_ui.display()
    );
    let env = [
        ("RUST_LOG", "debug"),
        ("TWILIO_ACCOUNT_SID", ACCOUNT),
        ("TWILIO_AUTH_TOKEN", TOKEN),
        ("TWILIO_API_BASE_URL", &sandbox.base_url()),
    ];
    let server = ServerProcess::start(
        &crate::common::database::fresh(dir.path()).await,
        &built_ui,
        &env,
    );
    let mut caller = Caller {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap(),
        base: server.base.clone(),
        csrf: String::new(),
        answers: 0,
        scan: Scan {
            needles: needles(),
            bytes: 0,
            found: Vec::new(),
        },
    };
    caller.set_up().await;
    caller.read_everything().await;
    let conversation = caller.pair_and_use().await;
    caller.import_and_miss().await;
    inject_faults(&sandbox.base_url()).await;
    caller.call("GET", "/api/v1/conversations", None).await;
    caller.call("DELETE", &conversation, None).await;
    caller.call("GET", "/api/v1/audit", None).await;
    caller.call("DELETE", "/api/v1/session", None).await;
    let Caller {
        answers, mut scan, ..
    } = caller;

    let logs = server.kill();
    assert!(
        String::from_utf8_lossy(&logs).contains("DEBUG"),
        "debug logging was on"
    );
    scan.search("the server's log", &logs);
    let ui_files = scan_ui_files(&mut scan, &built_ui);
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
