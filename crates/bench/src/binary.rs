//! Part 8, the one file to deploy: the release binary's size, and how long it takes from being
//! started in an empty folder (a new SQLite database, the embedded sandbox) to a ready `/readyz`.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::process::Command;

use crate::report::Section;
use crate::stats::Spread;

pub const TITLE: &str = "The single binary";
const STARTS: usize = 5;

pub async fn measure(binary: &Path) -> Result<Section, String> {
    // Started from other folders, so named from the root.
    let binary =
        &std::fs::canonicalize(binary).map_err(|e| format!("{}: {e}", binary.display()))?;
    let bytes = std::fs::metadata(binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    let mut ready_ms = Vec::new();
    for _ in 0..STARTS {
        ready_ms.push(start_to_ready(binary).await?);
    }
    let ready = Spread::of(&ready_ms);
    let mb = bytes as f64 / 1_000_000.0;
    Ok(Section {
        title: TITLE.into(),
        budgets: Vec::new(),
        data: json!({ "bytes": bytes, "start_to_ready_ms": ready }),
        markdown: format!(
            "`{}`: {mb:.1} MB.\n\nStarted {STARTS} times in an empty folder (new SQLite database, embedded sandbox), from spawn to `/readyz` answering 200, ms (min / median / max): {}\n",
            binary.display(),
            ready.show(0)
        ),
    })
}

async fn start_to_ready(binary: &Path) -> Result<f64, String> {
    let folder = tempfile::tempdir().map_err(|e| e.to_string())?;
    let port = crate::stack::free_port()?;
    let url = format!("http://127.0.0.1:{port}/readyz");
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut server = Command::new(binary)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .current_dir(folder.path())
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
    while started.elapsed() < Duration::from_secs(30) {
        if let Ok(response) = http.get(&url).send().await
            && response.status().is_success()
        {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let _ = server.kill().await;
            return Ok(ms);
        }
        if let Ok(Some(status)) = server.try_wait() {
            return Err(format!("the binary exited before it was ready ({status})"));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err(format!("{url} was not ready within 30 s"))
}
