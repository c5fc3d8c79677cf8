//! The PostgreSQL the server's tests and the bench run against: the one `SWITCHBOARD_TEST_POSTGRES_URL`
//! names, or a throwaway cluster under `target/postgres/` from Debian's binaries, stopped when dropped.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::process::{free_port, last_lines, run_quietly};
use crate::summary::{Step, Summary};
use crate::tools::apt_install;

pub const URL_VAR: &str = "SWITCHBOARD_TEST_POSTGRES_URL";
const SERVERS: &str = "/usr/lib/postgresql";
const PROGRAMS: [&str; 4] = ["initdb", "postgres", "pg_ctl", "pg_isready"];
/// PostgreSQL refuses to run as root, so under root the cluster belongs to Debian's `postgres` user.
const OWNER: &str = "postgres";
const READY_WITHIN: Duration = Duration::from_secs(30);
/// Loopback TCP only.
const SETTINGS: [&str; 3] = [
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    "max_connections=400",
];
/// Durability traded for speed where the data is thrown away after the run and no figure depends on it.
const NOT_DURABLE: [&str; 3] = [
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
];

/// A running throwaway cluster; dropping it stops the server at once.
pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    log: PathBuf,
    as_root: bool,
    server: Child,
    url: String,
}

/// What `cargo xtask test` runs its PostgreSQL steps against.
pub enum Provided {
    /// The server `SWITCHBOARD_TEST_POSTGRES_URL` already names.
    Given,
    /// A cluster started for this run, stopped when this is dropped.
    Started(#[expect(dead_code, reason = "held only to be dropped")] Cluster),
    /// None could be started: the steps that need it fail.
    Missing,
}

/// `cargo xtask test`'s first step: a cluster whose URL is put in this process's environment for
/// every later step, unless one is given; a cluster that cannot be started is a failed step.
pub fn step(summary: &mut Summary) -> Provided {
    if std::env::var_os(URL_VAR).is_some() {
        println!("PostgreSQL: using the server {URL_VAR} names");
        return Provided::Given;
    }
    let started = Instant::now();
    let provided = match Cluster::start("test") {
        Ok(cluster) => {
            // SAFETY: xtask has started no thread yet, so nothing reads the environment meanwhile.
            unsafe { std::env::set_var(URL_VAR, cluster.url()) };
            Provided::Started(cluster)
        }
        Err(e) => {
            eprintln!("PostgreSQL for the tests could not be started: {e}");
            Provided::Missing
        }
    };
    let ok = !matches!(provided, Provided::Missing);
    summary.record(Step {
        name: "PostgreSQL cluster for the tests",
        passed: ok as u32,
        failed: !ok as u32,
        took: started.elapsed(),
    });
    provided
}

/// `cargo xtask bench`'s server: the one `SWITCHBOARD_TEST_POSTGRES_URL` names, or a durable cluster
/// held until the returned value is dropped; `None` when neither (the bench then says why).
pub fn for_bench() -> (Option<String>, Option<Cluster>) {
    if let Ok(url) = std::env::var(URL_VAR) {
        println!("PostgreSQL: using the server {URL_VAR} names");
        return (Some(url), None);
    }
    match Cluster::start_with("bench", &[]) {
        Ok(cluster) => (Some(cluster.url().to_owned()), Some(cluster)),
        Err(e) => {
            eprintln!(
                "PostgreSQL for the bench could not be started, so its figures are missing: {e}"
            );
            (None, None)
        }
    }
}

/// `cargo xtask postgres`: a cluster for running the server's tests by hand, until Ctrl-C.
pub fn alone() -> Result<ExitCode, String> {
    let mut cluster = Cluster::start("by-hand")?;
    println!(
        "\nPostgreSQL is ready until Ctrl-C:\n  export {URL_VAR}={}",
        cluster.url()
    );
    // Ctrl-C reaches the server too (same process group), and any other end of xtask stops it
    // through its parent-death signal, so waiting is all there is to do.
    let status = cluster.wait();
    Err(format!(
        "PostgreSQL stopped ({status}); the end of {}:\n{}",
        cluster.log.display(),
        cluster.log_tail()
    ))
}

impl Cluster {
    /// Wipes `target/postgres/<name>/`, makes a new cluster there and starts it on a free port,
    /// without durability.
    pub fn start(name: &str) -> Result<Cluster, String> {
        Self::start_with(name, &NOT_DURABLE)
    }

    fn start_with(name: &str, settings: &[&str]) -> Result<Cluster, String> {
        let (version, bin) = server_binaries()?;
        let as_root = running_as_root()?;
        let dir = crate::root().join("target/postgres").join(name);
        let data = dir.join("data");
        if data.join("postmaster.pid").exists() {
            let _ = run_quietly(stop_command(&bin, &data, as_root));
        }
        recreate(&dir, &data, as_root)?;
        initdb(&bin, &data, as_root)?;
        let port = free_port();
        let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        println!(
            "Starting PostgreSQL {version} in {} at {url}",
            data.display()
        );
        let log = dir.join("server.log");
        let server = spawn_server(&bin, &data, &log, port, as_root, settings)?;
        let mut cluster = Cluster {
            bin,
            data,
            log,
            as_root,
            server,
            url,
        };
        cluster.wait_until_ready(port)?;
        Ok(cluster)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn wait(&mut self) -> ExitStatus {
        self.server.wait().unwrap_or_default()
    }

    fn wait_until_ready(&mut self, port: u16) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.server.try_wait() {
                return Err(format!(
                    "the server stopped ({status}) before accepting connections; the end of {}:\n{}",
                    self.log.display(),
                    self.log_tail()
                ));
            }
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres"])
                .arg("-p")
                .arg(port.to_string())
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            if started.elapsed() > READY_WITHIN {
                return Err(format!(
                    "the server did not accept connections on 127.0.0.1:{port} within {} s; the end of {}:\n{}",
                    READY_WITHIN.as_secs(),
                    self.log.display(),
                    self.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_tail(&self) -> String {
        let log = fs::read_to_string(&self.log).unwrap_or_default();
        last_lines(&log, 20)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if run_quietly(stop_command(&self.bin, &self.data, self.as_root)).is_err() {
            let _ = self.server.kill();
        }
        let _ = self.server.wait();
    }
}

/// Debian's newest PostgreSQL server, installed with `apt-get` when there is none: its version and
/// its bin folder.
fn server_binaries() -> Result<(String, PathBuf), String> {
    if let Some(found) = installed_server() {
        return Ok(found);
    }
    apt_install(&["postgresql"], "the PostgreSQL tests")?;
    installed_server().ok_or_else(|| {
        format!(
            "Debian's postgresql package left no {} in {SERVERS}/<version>/bin",
            PROGRAMS.join(", ")
        )
    })
}

fn installed_server() -> Option<(String, PathBuf)> {
    fs::read_dir(SERVERS)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_string_lossy().into_owned();
            let bin = entry.path().join("bin");
            PROGRAMS
                .iter()
                .all(|p| bin.join(p).is_file())
                .then_some((version, bin))
        })
        .max_by_key(|(version, _)| {
            version
                .split('.')
                .map(|part| part.parse::<u32>().unwrap_or(0))
                .collect::<Vec<_>>()
        })
}

fn running_as_root() -> Result<bool, String> {
    let output = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|e| format!("`id -u` could not run: {e}"))?;
    Ok(String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// `program` as the cluster's owner; should xtask end without dropping the cluster (a signal), the
/// kernel sends the program SIGQUIT, PostgreSQL's immediate shutdown.
fn as_owner(program: impl AsRef<OsStr>, as_root: bool) -> Command {
    let mut command = Command::new("setpriv");
    if as_root {
        command.args(["--reuid", OWNER, "--regid", OWNER, "--init-groups"]);
    }
    command.args(["--pdeathsig", "QUIT", "--"]).arg(program);
    command
}

fn recreate(dir: &Path, data: &Path, as_root: bool) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("could not remove {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(data).map_err(|e| format!("could not create {}: {e}", data.display()))?;
    if !as_root {
        return Ok(());
    }
    let mut chown = Command::new("chown");
    chown.arg(format!("{OWNER}:{OWNER}")).arg(data);
    run_quietly(chown)?;
    owner_reaches(data)
}

/// The `postgres` user must be able to walk down to the data folder and write in it.
fn owner_reaches(data: &Path) -> Result<(), String> {
    let owner_can = |test: &str, path: &Path| {
        as_owner("test", true)
            .arg(test)
            .arg(path)
            .status()
            .is_ok_and(|s| s.success())
    };
    if owner_can("-w", data) {
        return Ok(());
    }
    let mut from_top: Vec<&Path> = data.ancestors().collect();
    from_top.reverse();
    let blocked = from_top.into_iter().find(|dir| !owner_can("-x", dir));
    let why = match blocked {
        Some(dir) => format!("{} is not traversable for it", dir.display()),
        None => "it cannot write there".to_owned(),
    };
    Err(format!(
        "PostgreSQL refuses to run as root, so its cluster runs as the `{OWNER}` user, who cannot reach {}: {why} (open it with `chmod o+x`, or set {URL_VAR} to a server of your own)",
        data.display()
    ))
}

fn initdb(bin: &Path, data: &Path, as_root: bool) -> Result<(), String> {
    let mut initdb = as_owner(bin.join("initdb"), as_root);
    initdb
        .args([
            "--auth=trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ])
        .arg("--no-sync")
        .arg("-D")
        .arg(data)
        .current_dir(data);
    run_quietly(initdb)
}

fn spawn_server(
    bin: &Path,
    data: &Path,
    log: &Path,
    port: u16,
    as_root: bool,
    settings: &[&str],
) -> Result<Child, String> {
    let log_file =
        File::create(log).map_err(|e| format!("could not create {}: {e}", log.display()))?;
    let for_stdout = log_file
        .try_clone()
        .map_err(|e| format!("could not share {}: {e}", log.display()))?;
    let mut server = as_owner(bin.join("postgres"), as_root);
    server
        .arg("-D")
        .arg(data)
        .arg("-p")
        .arg(port.to_string())
        .current_dir(data)
        .stdin(Stdio::null())
        .stdout(for_stdout)
        .stderr(log_file);
    for setting in SETTINGS.iter().chain(settings) {
        server.args(["-c", setting]);
    }
    server
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", bin.join("postgres").display()))
}

fn stop_command(bin: &Path, data: &Path, as_root: bool) -> Command {
    let mut stop = as_owner(bin.join("pg_ctl"), as_root);
    stop.args(["stop", "-m", "immediate", "-D"])
        .arg(data)
        .current_dir(data);
    stop
}
