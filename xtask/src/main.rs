//! `cargo xtask run | test | check-code | fuzz | bench | dist | postgres | split-ui`: installs the toolchain
//! pieces that are missing (from crates.io, npm and Debian only), builds, runs and tests Switchboard.

mod bench;
mod code_check;
mod contract;
mod dist;
mod fuzz;
mod postgres;
mod process;
mod run;
mod summary;
mod test;
mod tools;
mod ui;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

  run [ARGS…]  install what is missing, build the UI and server, serve on http://127.0.0.1:8080
               (ARGS go to `switchboard serve`, e.g. --listen 127.0.0.1:9000)
  test         install what is missing and run every check and test, ending with `N passed, N failed`
  check-code   only the code rules: ARCHITECTURE.md's code map, `//!` lines, the UI's HTTP and catalog
  fuzz         only the API fuzzing step (schemathesis) against a release build of the server
  bench        install what is missing, build for release and measure against the performance
               budgets; writes target/bench/report.md and report.json
  dist         build the release binary with the UI inside it: target/dist/switchboard and its
               SHA-256 in target/dist/switchboard.sha256
  postgres     start a throwaway PostgreSQL cluster under target/postgres/by-hand and print the
               SWITCHBOARD_TEST_POSTGRES_URL to run the server's tests against; Ctrl-C stops it
  split-ui     Trunk's post-build hook: cuts the UI's wasm into a module per on-demand page";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("run") => run::run(args.collect()),
        Some("test") => test::test(),
        Some("check-code") => code_check::alone(),
        Some("fuzz") => fuzz::alone(),
        Some("bench") => bench::bench(),
        Some("dist") => dist::dist(),
        Some("postgres") => postgres::alone(),
        Some("split-ui") => ui::split::post_build().map(|()| ExitCode::SUCCESS),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the folder holding xtask/.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}
