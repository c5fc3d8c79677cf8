//! The Twilio client's contract test: Prism serves Twilio's official specs with request validation
//! on (`--errors`), and every client call must pass it.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{command, run_capturing};
use crate::summary::{Step, Summary, cargo_test_counts};
use crate::tools::{Toolchain, ensure_contract_tools};

const SPECS: [(&str, &str); 3] = [
    ("CONVERSATIONS", "twilio_conversations_v1.json"),
    ("CONTENT", "twilio_content_v1.json"),
    ("MESSAGING", "twilio_messaging_v1.json"),
];

/// Mock processes that are stopped when this is dropped, whatever happened.
struct Mocks(Vec<Child>);

impl Drop for Mocks {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub fn contract(summary: &mut Summary, tools: &Toolchain, free_port: fn() -> u16) {
    let started = Instant::now();
    let (passed, failed) = match run_contract(tools, free_port) {
        Ok(counts) => counts,
        Err(e) => {
            eprintln!("{e}");
            (0, 1)
        }
    };
    summary.record(Step {
        name: "Twilio client against Twilio's specs (Prism)",
        passed,
        failed,
        took: started.elapsed(),
    });
}

fn run_contract(tools: &Toolchain, free_port: fn() -> u16) -> Result<(u32, u32), String> {
    ensure_contract_tools(tools)?;
    let root = crate::root();
    let prism = root.join("tests/contract/node_modules/.bin/prism");
    let mut mocks = Mocks(Vec::new());
    let mut test = command(tools, "cargo");
    test.args([
        "test",
        "--locked",
        "-p",
        "switchboard-twilio",
        "--test",
        "contract",
        "--",
        "--ignored",
    ]);
    let mut ports = Vec::new();
    for (api, spec) in SPECS {
        let port = free_port();
        let child = Command::new(&prism)
            .args([
                "mock",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .arg(root.join("crates/twilio/oai").join(spec))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start Prism: {e}"))?;
        mocks.0.push(child);
        test.env(
            format!("SWITCHBOARD_CONTRACT_{api}"),
            format!("http://127.0.0.1:{port}"),
        );
        ports.push(port);
    }
    for port in ports {
        wait_for(port, Duration::from_secs(120))?;
    }
    let (ok, output) = run_capturing(test)?;
    let (passed, failed) = cargo_test_counts(&output);
    Ok(if !ok && failed == 0 {
        (passed, 1)
    } else {
        (passed, failed)
    })
}

fn wait_for(port: u16, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!(
        "Prism did not start listening on port {port} within {} s",
        limit.as_secs()
    ))
}
