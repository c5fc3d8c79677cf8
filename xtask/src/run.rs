//! `cargo xtask run`: builds the UI, then the server for release with the UI inside, and serves.

use std::process::ExitCode;

use crate::process::{command, run as run_command};
use crate::tools::{Toolchain, ensure_ui_build_tools};
use crate::ui;

/// Installs what is missing, builds the UI and the server, and serves them until stopped.
pub fn run(serve_args: Vec<String>) -> Result<ExitCode, String> {
    let tools = Toolchain::new();
    ensure_ui_build_tools(&tools)?;
    ui::build(&tools)?;
    run_command({
        let mut c = command(&tools, "cargo");
        c.args(["build", "--locked", "--release", "-p", "switchboard-server"]);
        c
    })?;
    let binary = crate::root().join("target/release/switchboard");
    let mut server = command(&tools, binary);
    server.arg("serve");
    if !serve_args.iter().any(|a| a.starts_with("--listen")) {
        server.args(["--listen", "127.0.0.1:8080"]);
    }
    server.args(serve_args);
    let status = server
        .status()
        .map_err(|e| format!("could not start the server: {e}"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
