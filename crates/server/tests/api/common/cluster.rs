//! Several real `switchboard serve` processes on one fresh PostgreSQL database and one standalone
//! sandbox as their Twilio, first-run setup done through instance 0: what a deployment behind a load
//! balancer looks like, for the tests in `instances/`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use switchboard_core::api::{NewUser, Role, SessionInfo, SetupRequest};
use switchboard_sandbox::RunningSandbox;
use switchboard_server::db::{Db, Location};

use super::process::ServerProcess;
use super::upstream::{ACCOUNT_SID, AUTH_TOKEN, standalone_sandbox};
use super::{ADMIN, Client, INDEX_HTML, PASSWORD, SETUP_TOKEN, expect};

pub struct Cluster {
    pub db: Location,
    /// The instances' Twilio, kept running as long as they are.
    _sandbox: RunningSandbox,
    /// The first admin, signed in through instance 0.
    pub admin: Client,
    /// The instances' base URLs, by index; a killed instance keeps its place.
    pub bases: Vec<String>,
    instances: Vec<Option<ServerProcess>>,
    next: AtomicUsize,
    _ui: tempfile::TempDir,
}

impl Cluster {
    /// Starts `n` instances side by side on a new PostgreSQL database and sets up the first admin
    /// through instance 0.
    pub async fn start(n: usize) -> Cluster {
        assert!(n > 0, "a cluster has at least one instance");
        let db = super::database::fresh_postgres().await;
        let sandbox = standalone_sandbox(ACCOUNT_SID, AUTH_TOKEN).await;
        let ui = tempfile::tempdir().unwrap();
        std::fs::write(ui.path().join("index.html"), INDEX_HTML).unwrap();
        // The first instance migrates the database alone; the others find it ready.
        let first = start_instance(&db, ui.path().to_owned(), sandbox.base_url()).await;
        let rest = (1..n).map(|_| start_instance(&db, ui.path().to_owned(), sandbox.base_url()));
        let mut instances = vec![first];
        instances.extend(futures_util::future::join_all(rest).await);
        let bases: Vec<String> = instances.iter().map(|i| i.base.clone()).collect();
        let admin = set_up_admin(&bases[0]).await;
        Cluster {
            db,
            _sandbox: sandbox,
            admin,
            bases,
            instances: instances.into_iter().map(Some).collect(),
            next: AtomicUsize::new(0),
            _ui: ui,
        }
    }

    /// The instances' Twilio (the standalone sandbox), e.g. to inject faults or count what was made.
    pub fn twilio_base(&self) -> String {
        self._sandbox.base_url()
    }

    pub fn len(&self) -> usize {
        self.bases.len()
    }

    /// A client of instance `i` with a cookie store and no session.
    pub fn anonymous(&self, i: usize) -> Client {
        Client::anonymous(&self.bases[i])
    }

    /// A new client signed in through instance `i` as `username` with the harness password.
    pub async fn signed_in(&self, i: usize, username: &str) -> Client {
        let mut client = self.anonymous(i);
        client.sign_in(username, PASSWORD).await.expect("signs in");
        client
    }

    /// `username` signed in once (through instance 0), its session then sent to every instance in
    /// turn, as a load balancer spreads one browser's requests.
    pub async fn round_robin(&self, username: &str) -> RoundRobin {
        let signed_in = self.signed_in(0, username).await;
        RoundRobin::of(&signed_in, &self.bases)
    }

    /// The admin adds an account of `role`, through the instance whose turn it is.
    pub async fn add_user(&self, username: &str, role: Role) {
        let admin = self.admin.on(&self.bases[self.next_instance()]);
        let response = admin
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

    /// The next instance in round-robin order (of all, killed or not).
    pub fn next_instance(&self) -> usize {
        self.next.fetch_add(1, Ordering::Relaxed) % self.len()
    }

    /// Kills instance `i` at once (`kill -9`) and returns everything it logged.
    pub fn kill(&mut self, i: usize) -> Vec<u8> {
        let instance = self.instances[i].take().expect("instance is running");
        instance.kill()
    }

    /// Whether instance `i` was not killed and has not exited by itself.
    pub fn is_running(&mut self, i: usize) -> bool {
        self.instances[i]
            .as_mut()
            .is_some_and(|p| p.child.try_wait().unwrap().is_none())
    }

    /// The process id of instance `i`, while it runs.
    pub fn pid(&self, i: usize) -> Option<u32> {
        self.instances[i].as_ref().map(|p| p.child.id())
    }

    /// Opens the instances' database, e.g. to read what they wrote.
    pub async fn database(&self) -> Db {
        switchboard_server::db::connect(&self.db).await.unwrap()
    }

    /// The database's name on its PostgreSQL server.
    pub fn database_name(&self) -> String {
        let Location::Postgres(url) = &self.db else {
            unreachable!("a cluster runs on PostgreSQL")
        };
        let url = url::Url::parse(url.expose()).unwrap();
        url.path().trim_start_matches('/').to_owned()
    }
}

impl Drop for Cluster {
    /// A failed test leaves no server running.
    fn drop(&mut self) {
        for i in 0..self.len() {
            if self.instances[i].is_some() {
                self.kill(i);
            }
        }
    }
}

/// One session spread over every instance in turn.
pub struct RoundRobin {
    clients: Vec<Client>,
    next: AtomicUsize,
}

impl RoundRobin {
    /// `client`'s session (cookie and CSRF token) on each of `bases`.
    pub fn of(client: &Client, bases: &[String]) -> RoundRobin {
        RoundRobin {
            clients: bases.iter().map(|base| client.on(base)).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// The client of the next instance, and that instance's index.
    pub fn next(&self) -> (usize, &Client) {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.clients.len();
        (i, &self.clients[i])
    }

    /// The client of instance `i`.
    pub fn on(&self, i: usize) -> &Client {
        &self.clients[i]
    }
}

impl Client {
    /// The same session (cookies are per host, not per port, so every local instance gets them)
    /// sent to the server at `base`.
    pub fn on(&self, base: &str) -> Client {
        Client {
            http: self.http.clone(),
            base: base.to_owned(),
            csrf: self.csrf.clone(),
            username: self.username.clone(),
        }
    }
}

/// Starts one instance without holding up the tests' runtime, which serves the sandbox meanwhile.
async fn start_instance(db: &Location, ui: PathBuf, twilio: String) -> ServerProcess {
    let db = db.clone();
    tokio::task::spawn_blocking(move || {
        let env = [
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
            ("TWILIO_API_BASE_URL", twilio.as_str()),
        ];
        ServerProcess::start(&db, &ui, &env)
    })
    .await
    .unwrap()
}

async fn set_up_admin(base: &str) -> Client {
    let mut client = Client::anonymous(base);
    let setup = SetupRequest {
        token: SETUP_TOKEN.into(),
        username: ADMIN.into(),
        password: PASSWORD.into(),
    };
    let session: SessionInfo = expect(client.post_json("/api/v1/setup", &setup).await, 201).await;
    client.csrf = Some(session.csrf_token);
    client.username = Some(ADMIN.into());
    client
}
