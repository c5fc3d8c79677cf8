//! The system under test: the release `switchboard` binary serving the UI, in front of a standalone
//! sandbox (its own process) with the test controls on, as a real deployment is in front of Twilio;
//! on SQLite, and for the PostgreSQL figures another server on PostgreSQL before the same sandbox.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use switchboard_twilio::{Bases, Client, ClientConfig, Credentials};
use tokio::process::{Child, Command};

pub const ACCOUNT_SID: &str = "AC0000000000000000000000000000be0c";
pub const AUTH_TOKEN: &str = "bench-sandbox-auth-token";
pub const USERNAME: &str = "bench.admin";
pub const PASSWORD: &str = "a long benchmark password";

pub struct Stack {
    pub sandbox_url: String,
    pub server_url: String,
    pub server_pid: u32,
    /// The sandbox's Twilio API, for seeding and for the direct side of comparisons.
    pub twilio: Client,
    pub server: Session,
    pub http: reqwest::Client,
    binary: PathBuf,
    ui_dir: PathBuf,
    _sandbox: Child,
    _server: Child,
    /// The logs and the SQLite database.
    dir: tempfile::TempDir,
}

impl Stack {
    pub async fn start(binary: &Path, ui_dir: &Path) -> Result<Stack, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let sandbox_port = free_port()?;
        let sandbox_url = format!("http://127.0.0.1:{sandbox_port}");
        let sandbox = spawn(
            Command::new(binary)
                .args([
                    "sandbox",
                    "--test-controls",
                    "--port",
                    &sandbox_port.to_string(),
                ])
                .env("SWITCHBOARD_SANDBOX_ACCOUNT_SID", ACCOUNT_SID)
                .env("SWITCHBOARD_SANDBOX_AUTH_TOKEN", AUTH_TOKEN),
            &dir.path().join("sandbox.log"),
        )?;
        let http = reqwest::Client::new();
        let twilio = sandbox_client(&sandbox_url)?;
        wait_until_up(&http, &format!("{sandbox_url}/sandbox/v1/Phones")).await?;

        let db = dir.path().join("switchboard.db");
        let server = Server::start(
            binary,
            ui_dir,
            &db.display().to_string(),
            &sandbox_url,
            &dir.path().join("server.log"),
        )
        .await?;
        Ok(Stack {
            sandbox_url,
            server_url: server.url,
            server_pid: server.pid,
            twilio,
            server: server.session,
            http,
            binary: binary.to_owned(),
            ui_dir: ui_dir.to_owned(),
            _sandbox: sandbox,
            _server: server.process,
            dir,
        })
    }

    /// Another server in front of the same sandbox, on the database `db` (a `postgres://` URL).
    pub async fn another_server(&self, db: &str) -> Result<Server, String> {
        let log = self.dir.path().join("another-server.log");
        Server::start(&self.binary, &self.ui_dir, db, &self.sandbox_url, &log).await
    }

    /// `POST` a form to one of the sandbox's own endpoints (faults, phones).
    pub async fn sandbox_post(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> Result<serde_json::Value, String> {
        let response = self
            .http
            .post(format!("{}{path}", self.sandbox_url))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .form(form)
            .send()
            .await
            .map_err(|e| format!("POST {path}: {e}"))?;
        json_or_error(response, path).await
    }

    pub async fn sandbox_get(&self, path: &str) -> Result<serde_json::Value, String> {
        let response = self
            .http
            .get(format!("{}{path}", self.sandbox_url))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .send()
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        json_or_error(response, path).await
    }

    pub async fn sandbox_delete(&self, path: &str) -> Result<(), String> {
        self.http
            .delete(format!("{}{path}", self.sandbox_url))
            .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
            .send()
            .await
            .map_err(|e| format!("DELETE {path}: {e}"))?;
        Ok(())
    }

    pub fn basic_auth_header(&self) -> String {
        use base64::Engine;
        let pair = format!("{ACCOUNT_SID}:{AUTH_TOKEN}");
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

/// A `switchboard serve` process in front of the sandbox, its first admin added and signed in.
pub struct Server {
    pub url: String,
    pub pid: u32,
    pub session: Session,
    process: Child,
}

impl Server {
    /// Adds the bench's admin to `db` (a SQLite file or a `postgres://` URL), then serves on it.
    async fn start(
        binary: &Path,
        ui_dir: &Path,
        db: &str,
        sandbox_url: &str,
        log: &PathBuf,
    ) -> Result<Server, String> {
        let add_user = Command::new(binary)
            .args(["user", "add", USERNAME, "--role", "admin"])
            .env("SWITCHBOARD_DB", db)
            .env("SWITCHBOARD_PASSWORD", PASSWORD)
            .output()
            .await
            .map_err(|e| format!("could not run `switchboard user add`: {e}"))?;
        if !add_user.status.success() {
            return Err(format!(
                "`switchboard user add` failed: {}",
                String::from_utf8_lossy(&add_user.stderr)
            ));
        }
        let port = free_port()?;
        let url = format!("http://127.0.0.1:{port}");
        let process = spawn(
            Command::new(binary)
                .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
                .arg("--ui-dir")
                .arg(ui_dir)
                .env("SWITCHBOARD_DB", db)
                .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
                .env("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
                .env("TWILIO_API_KEY_SID", "")
                .env("TWILIO_API_KEY_SECRET", "")
                .env("TWILIO_API_BASE_URL", sandbox_url),
            log,
        )?;
        let pid = process.id().ok_or("the server exited at once")?;
        let http = reqwest::Client::new();
        wait_until_up(&http, &format!("{url}/readyz")).await?;
        let session = Session::sign_in(&http, &url).await?;
        Ok(Server {
            url,
            pid,
            session,
            process,
        })
    }
}

/// A signed-in member of staff talking to the server's JSON API.
pub struct Session {
    http: reqwest::Client,
    /// The server's origin.
    pub base: String,
    pub cookie: String,
    csrf: String,
}

impl Session {
    async fn sign_in(http: &reqwest::Client, base: &str) -> Result<Session, String> {
        let response = http
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({ "username": USERNAME, "password": PASSWORD }))
            .send()
            .await
            .map_err(|e| format!("signing in: {e}"))?;
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
            .ok_or("signing in set no cookie")?;
        let body = json_or_error(response, "/api/v1/session").await?;
        Ok(Session {
            http: http.clone(),
            base: base.to_owned(),
            cookie,
            csrf: body["csrf_token"].as_str().unwrap_or_default().to_owned(),
        })
    }

    /// Waits until the server's first walk of the account has finished: its status then.
    pub async fn walk_finished(&self, within: Duration) -> Result<serde_json::Value, String> {
        let started = Instant::now();
        loop {
            let (status, _) = self.get("/mirror").await?;
            if status["walk"]["state"] == "finished" {
                return Ok(status);
            }
            if started.elapsed() > within {
                return Err(format!(
                    "the first walk had not finished after {} s: {status}",
                    within.as_secs()
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `GET /api/v1…`: the answer and how long it took.
    pub async fn get(&self, path: &str) -> Result<(serde_json::Value, Duration), String> {
        let started = Instant::now();
        let response = self
            .http
            .get(format!("{}/api/v1{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        let body = json_or_error(response, path).await?;
        Ok((body, started.elapsed()))
    }

    pub async fn post(
        &self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<(serde_json::Value, Duration), String> {
        let started = Instant::now();
        let response = self
            .http
            .post(format!("{}/api/v1{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .map_err(|e| format!("POST {path}: {e}"))?;
        let body = json_or_error(response, path).await?;
        Ok((body, started.elapsed()))
    }
}

async fn json_or_error(
    response: reqwest::Response,
    path: &str,
) -> Result<serde_json::Value, String> {
    let status = response.status();
    let text = response.text().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{path} answered {status}: {text}"));
    }
    if text.is_empty() {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_str(&text).map_err(|e| format!("{path} answered no JSON: {e}"))
}

fn sandbox_client(base: &str) -> Result<Client, String> {
    let credentials = Credentials::new(ACCOUNT_SID, SecretString::from(AUTH_TOKEN));
    let mut config = ClientConfig::new(Bases::single_origin(base), credentials);
    config.max_concurrent = 32;
    Client::new(config).map_err(|e| e.to_string())
}

fn spawn(command: &mut Command, log: &PathBuf) -> Result<Child, String> {
    let out = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("could not start {:?}: {e}", command.as_std().get_program()))
}

pub fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

async fn wait_until_up(http: &reqwest::Client, url: &str) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(response) = http.get(url).send().await
            && response.status().as_u16() < 500
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{url} did not answer within 30 s"))
}
