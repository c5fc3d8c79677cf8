//! The browser measurements are Node scripts in tests/bench (Playwright and Lighthouse drive Debian's
//! Chromium); each prints one JSON object as its last line.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use tokio::process::Command;

const TIMEOUT: Duration = Duration::from_secs(300);

pub async fn run_json(node_dir: &Path, script: &str, args: &[&str]) -> Result<Value, String> {
    let mut command = Command::new("node");
    command
        .arg(script)
        .args(args)
        .current_dir(node_dir)
        .env("CHROME_PATH", "/usr/bin/chromium")
        .kill_on_drop(true);
    let output = tokio::time::timeout(TIMEOUT, command.output())
        .await
        .map_err(|_| format!("{script} took longer than {} s", TIMEOUT.as_secs()))?
        .map_err(|e| format!("could not run node {script}: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: String = stderr.lines().rev().take(5).collect::<Vec<_>>().join(" / ");
        return Err(format!("{script} failed ({}): {tail}", output.status));
    }
    let last = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    serde_json::from_str(last).map_err(|e| format!("{script} printed no JSON result: {e}"))
}
