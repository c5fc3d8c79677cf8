//! The black-box test harness: the real server on port 0 with a temporary database, its embedded
//! sandbox (or a given upstream) over HTTP, and clients that sign in as a person of each role would.

pub mod cluster;
pub mod database;
pub mod events;
pub mod headers;
pub mod mirror;
pub mod pairings;
pub mod phones;
pub mod process;
pub mod said;
pub mod upstream;

use std::path::PathBuf;

use reqwest::Response;
use serde::Serialize;
use serde::de::DeserializeOwned;
use switchboard_core::api::{ErrorBody, LoginRequest, NewUser, Role, SessionInfo, SetupRequest};
use switchboard_server::db::Location;
use switchboard_server::{Application, Config, UiSource, Upstream};

/// The setup token every test server starts with (as `SWITCHBOARD_SETUP_TOKEN` would give it).
pub const SETUP_TOKEN: &str = "a-test-setup-token-of-enough-length";
pub const ADMIN: &str = "first.admin";
/// The password of every account the harness makes.
pub const PASSWORD: &str = "correct horse battery staple";
/// What `index.html` holds in the test UI folder (its inline script shows in the CSP).
pub const INDEX_HTML: &str = "<html><script type=\"module\">start()</script>switchboard ui</html>";

/// A running server with no account yet.
pub struct TestServer {
    pub base: String,
    pub db: Location,
    /// The server's own folder (its UI files, and its SQLite file when it has one).
    pub dir: PathBuf,
    _dir: tempfile::TempDir,
}

/// A running server whose first admin is set up and signed in.
pub struct TestApp {
    pub server: TestServer,
    pub admin: Client,
}

/// Starts the server on the embedded sandbox and signs its first admin in.
pub async fn spawn() -> TestApp {
    TestApp::spawn_with(Upstream::Sandbox).await
}

impl TestServer {
    pub async fn start(upstream: Upstream) -> TestServer {
        Self::start_configured(upstream, |_| {}).await
    }

    /// Starts with the test defaults, after `adjust` has changed what a test needs.
    pub async fn start_configured(
        upstream: Upstream,
        adjust: impl FnOnce(&mut Config),
    ) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let db = database::fresh(dir.path()).await;
        Self::start_in(dir, db, upstream, adjust).await
    }

    /// Starts on the embedded sandbox with `db`, whichever engine the run's other servers use.
    pub async fn start_on(db: Location) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        Self::start_in(dir, db, Upstream::Sandbox, |_| {}).await
    }

    async fn start_in(
        dir: tempfile::TempDir,
        db: Location,
        upstream: Upstream,
        adjust: impl FnOnce(&mut Config),
    ) -> TestServer {
        let ui_dir = dir.path().join("ui");
        std::fs::create_dir(&ui_dir).unwrap();
        std::fs::write(ui_dir.join("index.html"), INDEX_HTML).unwrap();
        let mut config = Config::new("127.0.0.1:0".parse().unwrap(), upstream, db.clone());
        config.ui = Some(UiSource::Folder(ui_dir));
        config.setup_token = Some(SETUP_TOKEN.into());
        config.sandbox_test_controls = true;
        adjust(&mut config);
        let app = Application::build(config).await.expect("server starts");
        let base = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until_stopped());
        TestServer {
            base,
            db,
            dir: dir.path().to_owned(),
            _dir: dir,
        }
    }

    /// A client with a cookie store and no session.
    pub fn anonymous(&self) -> Client {
        Client::anonymous(&self.base)
    }

    /// Completes first-run setup with the token, which also signs the new admin in.
    pub async fn set_up_admin(&self) -> Client {
        let mut client = self.anonymous();
        let response = client
            .post_json(
                "/api/v1/setup",
                &SetupRequest {
                    token: SETUP_TOKEN.into(),
                    username: ADMIN.into(),
                    password: PASSWORD.into(),
                },
            )
            .await;
        let session: SessionInfo = expect(response, 201).await;
        client.csrf = Some(session.csrf_token);
        client.username = Some(ADMIN.into());
        client
    }

    /// Opens the server's database, e.g. to age a session.
    pub async fn database(&self) -> switchboard_server::db::Db {
        switchboard_server::db::connect(&self.db).await.unwrap()
    }
}

impl TestApp {
    pub async fn spawn_with(upstream: Upstream) -> TestApp {
        let server = TestServer::start(upstream).await;
        let admin = server.set_up_admin().await;
        TestApp { server, admin }
    }

    pub fn anonymous(&self) -> Client {
        self.server.anonymous()
    }

    /// The admin adds an account of `role` named after it (e.g. `viewer`), and it signs in.
    pub async fn client_with_role(&self, role: Role) -> Client {
        self.add_user(role.as_str(), role).await;
        self.signed_in(role.as_str()).await
    }

    pub async fn add_user(&self, username: &str, role: Role) {
        let response = self
            .admin
            .post_json(
                "/api/v1/users",
                &NewUser {
                    username: username.into(),
                    password: PASSWORD.into(),
                    role,
                },
            )
            .await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }

    /// A new client signed in as `username` with the harness password.
    pub async fn signed_in(&self, username: &str) -> Client {
        let mut client = self.anonymous();
        client.sign_in(username, PASSWORD).await.expect("signs in");
        client
    }
}

/// Like a browser tab: keeps the session cookie and sends the CSRF token with every change.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: Option<String>,
    pub username: Option<String>,
}

impl Client {
    /// A client of the server at `base` with a cookie store and no session.
    pub fn anonymous(base: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            base: base.to_owned(),
            csrf: None,
            username: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs in; on success keeps the session's CSRF token for later changes.
    pub async fn sign_in(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<SessionInfo, Refusal> {
        let login = LoginRequest {
            username: username.into(),
            password: password.into(),
        };
        let response = self.post_json("/api/v1/session", &login).await;
        let status = response.status().as_u16();
        if status != 200 {
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = response.json().await.unwrap();
            return Err(Refusal {
                status,
                body,
                retry_after,
            });
        }
        let session: SessionInfo = response.json().await.unwrap();
        self.csrf = Some(session.csrf_token.clone());
        self.username = Some(username.into());
        Ok(session)
    }

    fn with_csrf(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.csrf {
            Some(token) => request.header("x-csrf-token", token),
            None => request,
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .expect("server answers")
    }

    pub async fn post_json(&self, path: &str, body: &impl Serialize) -> Response {
        let request = self.http.post(self.url(path)).json(body);
        self.with_csrf(request)
            .send()
            .await
            .expect("server answers")
    }

    pub async fn patch_json(&self, path: &str, body: &impl Serialize) -> Response {
        let request = self.http.patch(self.url(path)).json(body);
        self.with_csrf(request)
            .send()
            .await
            .expect("server answers")
    }

    pub async fn put_json(&self, path: &str, body: &impl Serialize) -> Response {
        let request = self.http.put(self.url(path)).json(body);
        self.with_csrf(request)
            .send()
            .await
            .expect("server answers")
    }

    pub async fn delete(&self, path: &str) -> Response {
        let request = self.http.delete(self.url(path));
        self.with_csrf(request)
            .send()
            .await
            .expect("server answers")
    }

    /// GET that must answer 200 with a `T`.
    pub async fn get_ok<T: DeserializeOwned>(&self, path: &str) -> T {
        expect(self.get(path).await, 200).await
    }
}

/// A refused request: its status, its JSON body and any `Retry-After`.
#[derive(Debug)]
pub struct Refusal {
    pub status: u16,
    pub body: ErrorBody,
    pub retry_after: Option<String>,
}

/// Asserts the status (showing the body when it differs) and reads the JSON body.
/// Expects a refusal with `status` whose sentence holds `fragment`.
pub async fn expect_refusal(response: Response, status: u16, fragment: &str) {
    let refused: switchboard_core::api::ErrorBody = expect(response, status).await;
    assert!(
        refused.message.contains(fragment),
        "expected a sentence with {fragment:?}, got {:?}",
        refused.message
    );
}

pub async fn expect<T: DeserializeOwned>(response: Response, status: u16) -> T {
    let actual = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Every file of a built UI folder by its path under the folder, the split build's `app-…/` folder
/// included.
pub fn files_under(folder: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(folder).unwrap();
            relative.to_string_lossy().into_owned()
        })
        .collect()
}
