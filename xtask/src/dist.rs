//! `cargo xtask dist`: the release binary with the UI inside it, one file to deploy, and its
//! SHA-256 checksum, in `target/dist/`.

use std::process::ExitCode;

use crate::process::{command, run};
use crate::tools::{Toolchain, ensure_ui_build_tools};
use crate::ui;

pub fn dist() -> Result<ExitCode, String> {
    let tools = Toolchain::new();
    ensure_ui_build_tools(&tools)?;
    // The UI first: the server's release build carries target/ui as it is then.
    ui::build(&tools)?;
    run({
        let mut c = command(&tools, "cargo");
        c.args(["build", "--locked", "--release", "-p", "switchboard-server"]);
        c
    })?;
    let root = crate::root();
    let dist = root.join("target/dist");
    std::fs::create_dir_all(&dist)
        .map_err(|e| format!("could not make {}: {e}", dist.display()))?;
    let binary = dist.join("switchboard");
    std::fs::copy(root.join("target/release/switchboard"), &binary)
        .map_err(|e| format!("could not copy the binary into {}: {e}", dist.display()))?;
    let output = std::process::Command::new("sha256sum")
        .arg("switchboard")
        .current_dir(&dist)
        .output()
        .map_err(|e| format!("could not run sha256sum: {e}"))?;
    if !output.status.success() {
        return Err("sha256sum failed".into());
    }
    std::fs::write(dist.join("switchboard.sha256"), &output.stdout)
        .map_err(|e| format!("could not write the checksum: {e}"))?;
    let size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0);
    println!(
        "{} ({size} bytes, the UI inside) and switchboard.sha256",
        binary.display()
    );
    Ok(ExitCode::SUCCESS)
}
