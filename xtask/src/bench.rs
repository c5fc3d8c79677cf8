//! `cargo xtask bench`: the release builds and the bench driver that measures them against the
//! performance budgets.

use std::process::ExitCode;

use crate::process::{command, run};
use crate::tools::{Toolchain, ensure_bench_tools, ensure_ui_build_tools};
use crate::{postgres, ui};

/// Installs what is missing, builds the UI, the server and the bench driver for release, starts a
/// PostgreSQL cluster for the server's figures on PostgreSQL, and runs every measurement; the report
/// lands in target/bench. Missed budgets are reported, not fatal.
pub fn bench() -> Result<ExitCode, String> {
    let tools = Toolchain::new();
    ensure_ui_build_tools(&tools)?;
    ensure_bench_tools(&tools)?;
    ui::build(&tools)?;
    run({
        let mut c = command(&tools, "cargo");
        c.args(["build", "--locked", "--release"]).args([
            "-p",
            "switchboard-server",
            "-p",
            "switchboard-bench",
        ]);
        c
    })?;
    let root = crate::root();
    // Held until the bench is done; dropping it stops the cluster.
    let (postgres_url, _cluster) = postgres::for_bench();
    run({
        let mut c = command(&tools, root.join("target/release/switchboard-bench"));
        c.arg("--server-bin")
            .arg(root.join("target/release/switchboard"))
            .arg("--ui-dir")
            .arg(ui::dist_dir())
            .arg("--node-dir")
            .arg(root.join("tests/bench"))
            .arg("--out")
            .arg(root.join("target/bench"));
        if let Some(url) = &postgres_url {
            c.env(postgres::URL_VAR, url);
        }
        c
    })?;
    Ok(ExitCode::SUCCESS)
}
