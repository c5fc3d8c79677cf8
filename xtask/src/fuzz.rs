//! Schemathesis (PyPI, pinned in tests/fuzz/requirements.txt, installed into target/schemathesis)
//! against the release server's OpenAPI document, signed in as an admin: no 5xx, every answer as
//! documented, every refusal a sentence. Its cases count into the summary.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{run, run_capturing};
use crate::summary::{Step, Summary};

const SETUP_TOKEN: &str = "fuzzing-setup-token-0123456789";
/// Cases per operation and phase; about 2,800 in all over the document's 27 fuzzed operations.
const MAX_EXAMPLES: &str = "60";

/// The server process, stopped when this is dropped, whatever happened.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `cargo xtask fuzz`: builds the release server, then only this step.
pub fn alone() -> Result<std::process::ExitCode, String> {
    let tools = crate::tools::Toolchain::new();
    let mut build = crate::process::command(&tools, "cargo");
    build.args(["build", "--locked", "--release", "-p", "switchboard-server"]);
    run(build)?;
    let mut summary = Summary::default();
    fuzz(&mut summary, || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(18081)
    });
    summary.print();
    Ok(if summary.failed() == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    })
}

pub fn fuzz(summary: &mut Summary, free_port: fn() -> u16) {
    let started = Instant::now();
    let (passed, failed) = match run_fuzz(free_port) {
        Ok(counts) => counts,
        Err(e) => {
            eprintln!("{e}");
            (0, 1)
        }
    };
    summary.record(Step {
        name: "API fuzzing (schemathesis), cases",
        passed,
        failed,
        took: started.elapsed(),
    });
}

/// The virtualenv's Python with the pinned schemathesis, installed when missing or another version.
fn ensure_schemathesis() -> Result<PathBuf, String> {
    let root = crate::root();
    let venv = root.join("target/schemathesis");
    let requirements = root.join("tests/fuzz/requirements.txt");
    let pinned = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?
        .lines()
        .find_map(|l| l.trim().strip_prefix("schemathesis==").map(str::to_owned))
        .ok_or("tests/fuzz/requirements.txt pins no schemathesis version")?;
    let installed = Command::new(venv.join("bin/st"))
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(&pinned));
    if !installed {
        if !venv.join("bin/python").exists() {
            let mut create = Command::new("python3");
            create.args(["-m", "venv"]).arg(&venv);
            run(create)?;
        }
        let mut pip = Command::new(venv.join("bin/pip"));
        pip.args(["install", "--quiet", "-r"]).arg(&requirements);
        run(pip)?;
    }
    Ok(venv.join("bin/python"))
}

fn run_fuzz(free_port: fn() -> u16) -> Result<(u32, u32), String> {
    let python = ensure_schemathesis()?;
    let root = crate::root();
    let dir = root.join("target/fuzz");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("ui")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("ui/index.html"), "<html></html>").map_err(|e| e.to_string())?;
    let port = free_port();
    let child = Command::new(root.join("target/release/switchboard"))
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--ui-dir",
        ])
        .arg(dir.join("ui"))
        .arg("--db")
        .arg(dir.join("switchboard.db"))
        .arg("--sandbox-db")
        .arg(dir.join("sandbox.db"))
        .env("SWITCHBOARD_SETUP_TOKEN", SETUP_TOKEN)
        .env_remove("TWILIO_ACCOUNT_SID")
        .env_remove("TWILIO_API_KEY_SID")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start the server: {e}"))?;
    let _server = Server(child);
    wait_for(port, Duration::from_secs(60))?;
    let mut schemathesis = Command::new(python);
    schemathesis
        .arg(root.join("tests/fuzz/run.py"))
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(SETUP_TOKEN)
        .arg(dir.join("report"))
        .arg(MAX_EXAMPLES);
    let (ok, output) = run_capturing(schemathesis)?;
    let counts = output
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("fuzz: "))
        .and_then(|line| {
            let mut numbers = line
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty());
            Some((
                numbers.next()?.parse::<u32>().ok()?,
                numbers.next()?.parse::<u32>().ok()?,
            ))
        });
    Ok(match counts {
        Some((cases, failures)) if ok || failures > 0 => (cases - failures.min(cases), failures),
        Some((cases, _)) => (cases, 1),
        None => (0, 1),
    })
}

fn wait_for(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "the server did not listen on port {port} within {} s",
        limit.as_secs()
    ))
}
