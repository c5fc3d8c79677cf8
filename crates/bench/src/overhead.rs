//! Part 4, server overhead: the same Twilio call made through the server's API and straight to the sandbox,
//! at fixed concurrency with wrk, alternating in the same run; and the server's resident memory. The
//! server runs on SQLite, and again on PostgreSQL (`crate::postgres`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::process::Command;

use crate::report::{Budget, Section};
use crate::stack::{Session, Stack};
use crate::stats::Spread;

pub const TITLE: &str = "Server overhead";
const ROUNDS: usize = 3;
const SECONDS: u32 = 5;
/// One connection shows the server's own time per call; eight, how it holds up when busy.
const CONNECTIONS: [u32; 2] = [1, 8];
const BUDGET_P99_MS: f64 = 1.0;
const BUDGET_RSS_MB: f64 = 50.0;

/// wrk's `done` hook, printing the run as one JSON line.
const REPORT_LUA: &str = r#"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"errors":%d,"non_2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"#;

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
struct Run {
    requests: u64,
    duration_us: u64,
    errors: u64,
    non_2xx: u64,
    p50_us: u64,
    p99_us: u64,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.requests as f64 / (self.duration_us as f64 / 1e6)
    }
}

/// Measures `server` (its process `server_pid`) against the sandbox; `suffix` ends each budget's name,
/// so the figures of each database have their own rows.
pub async fn measure(
    stack: &Stack,
    server: &Session,
    server_pid: u32,
    conversation: &str,
    suffix: &str,
) -> Result<Section, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let script = dir.path().join("report.lua");
    std::fs::write(&script, REPORT_LUA).map_err(|e| e.to_string())?;
    let targets = Targets::of(stack, server, conversation);
    // Warm both paths (connection pools, caches) before anything is counted.
    wrk(&script, &targets.direct, 1, 1).await?;
    wrk(&script, &targets.through_server, 1, 1).await?;

    let rss = RssWatch::start(server_pid);
    let mut md = format!(
        "wrk at fixed concurrency, {ROUNDS} alternating rounds of {SECONDS} s each; the call lists a conversation's webhooks, which is one Twilio call: `GET /api/v1/conversations/{{sid}}/webhooks` through the server, `GET /v1/Conversations/{{sid}}/Webhooks` straight to the sandbox. Overhead is the server's figure less the sandbox's, round by round. With one connection it is the server's own time per call; with {} on this 2-core machine, wrk, the server and the sandbox share the cores, so it also holds queueing.\n\n| connections | path | requests/s | p50 ms | p99 ms |\n|---:|---|---:|---:|---:|\n",
        CONNECTIONS[1]
    );
    let (mut budgets, mut data, mut failures) = (Vec::new(), Vec::new(), 0);
    for connections in CONNECTIONS {
        let rounds = Rounds::run(&script, &targets, connections, &rss).await?;
        let (p50_overhead, p99_overhead) =
            (rounds.overhead(|r| r.p50_us), rounds.overhead(|r| r.p99_us));
        md.push_str(&rounds.table_rows(&p50_overhead, &p99_overhead));
        budgets.push(Budget::at_most(
            &format!(
                "Server p99 overhead at {connections} connection(s), median of rounds{suffix}"
            ),
            BUDGET_P99_MS,
            p99_overhead.median,
            "ms",
        ));
        failures += rounds.failures();
        data.push(json!({
            "connections": connections,
            "direct": rounds.direct, "through_server": rounds.server,
            "p50_overhead_ms": p50_overhead, "p99_overhead_ms": p99_overhead,
        }));
    }
    let peak_rss_mb = rss.stop() as f64 / 1024.0;
    md.push_str(&format!(
        "\nFailed or non-2xx answers: {failures}. The server's peak resident memory under this load: {peak_rss_mb:.1} MB.\n"
    ));
    budgets.push(Budget::at_most(
        &format!("Server resident memory under load{suffix}"),
        BUDGET_RSS_MB,
        peak_rss_mb,
        "MB",
    ));
    budgets.push(Budget::at_most(
        &format!("Failed answers under load{suffix}"),
        0.0,
        failures as f64,
        "",
    ));
    Ok(Section {
        title: TITLE.into(),
        budgets,
        data: json!({ "seconds": SECONDS, "rounds": data, "peak_rss_mb": peak_rss_mb }),
        markdown: md,
    })
}

/// The same call through the server's API and straight to the sandbox.
struct Targets {
    through_server: Target,
    direct: Target,
}

impl Targets {
    fn of(stack: &Stack, server: &Session, conversation: &str) -> Targets {
        Targets {
            through_server: Target {
                url: format!(
                    "{}/api/v1/conversations/{conversation}/webhooks",
                    server.base
                ),
                header: format!("Cookie: {}", server.cookie),
            },
            direct: Target {
                url: format!(
                    "{}/v1/Conversations/{conversation}/Webhooks",
                    stack.sandbox_url
                ),
                header: format!("Authorization: {}", stack.basic_auth_header()),
            },
        }
    }
}

/// `ROUNDS` alternating runs of both paths at one concurrency.
struct Rounds {
    connections: u32,
    direct: Vec<Run>,
    server: Vec<Run>,
}

impl Rounds {
    /// Runs both paths in turn, the server's memory watched only while it is the one under load.
    async fn run(
        script: &Path,
        targets: &Targets,
        connections: u32,
        rss: &RssWatch,
    ) -> Result<Rounds, String> {
        let (mut direct, mut server) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            direct.push(wrk(script, &targets.direct, connections, SECONDS).await?);
            rss.watching.store(true, Ordering::Relaxed);
            server.push(wrk(script, &targets.through_server, connections, SECONDS).await?);
            rss.watching.store(false, Ordering::Relaxed);
        }
        Ok(Rounds {
            connections,
            direct,
            server,
        })
    }

    /// The server's figure less the sandbox's, round by round, in ms.
    fn overhead(&self, f: fn(&Run) -> u64) -> Spread {
        let deltas: Vec<f64> = self
            .server
            .iter()
            .zip(&self.direct)
            .map(|(s, d)| (f(s) as f64 - f(d) as f64) / 1000.0)
            .collect();
        Spread::of(&deltas)
    }

    fn table_rows(&self, p50_overhead: &Spread, p99_overhead: &Spread) -> String {
        let connections = self.connections;
        let mut md = String::new();
        for (path, runs) in [("sandbox", &self.direct), ("server", &self.server)] {
            md.push_str(&format!(
                "| {connections} | {path} | {} | {} | {} |\n",
                rate(runs).show(0),
                ms(runs, |r| r.p50_us).show(2),
                ms(runs, |r| r.p99_us).show(2)
            ));
        }
        md.push_str(&format!(
            "| {connections} | **overhead** | | {} | {} |\n",
            p50_overhead.show(2),
            p99_overhead.show(2)
        ));
        md
    }

    fn failures(&self) -> u64 {
        self.direct
            .iter()
            .chain(&self.server)
            .map(|r| r.errors + r.non_2xx)
            .sum()
    }
}

fn ms(runs: &[Run], f: fn(&Run) -> u64) -> Spread {
    Spread::of(
        &runs
            .iter()
            .map(|r| f(r) as f64 / 1000.0)
            .collect::<Vec<_>>(),
    )
}

fn rate(runs: &[Run]) -> Spread {
    Spread::of(&runs.iter().map(Run::per_second).collect::<Vec<_>>())
}

struct Target {
    url: String,
    header: String,
}

async fn wrk(
    script: &Path,
    target: &Target,
    connections: u32,
    seconds: u32,
) -> Result<Run, String> {
    let output = Command::new("wrk")
        .args(["-t1", &format!("-c{connections}"), &format!("-d{seconds}s")])
        .args(["-H", &target.header, "-s"])
        .arg(script)
        .arg(&target.url)
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| format!("could not run wrk (apt-get install wrk): {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find(|l| l.starts_with('{')).ok_or_else(|| {
        format!(
            "wrk printed no result: {stdout} {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    serde_json::from_str(line).map_err(|e| format!("wrk's result: {e}"))
}

/// Samples the server's VmRSS every 20 ms while `watching`, keeping the highest, in KB.
struct RssWatch {
    watching: Arc<AtomicBool>,
    peak_kb: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl RssWatch {
    fn start(pid: u32) -> RssWatch {
        let watch = RssWatch {
            watching: Arc::default(),
            peak_kb: Arc::default(),
            stop: Arc::default(),
        };
        let (watching, peak, stop) = (
            watch.watching.clone(),
            watch.peak_kb.clone(),
            watch.stop.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if watching.load(Ordering::Relaxed)
                    && let Some(kb) = rss_kb(pid)
                {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        watch
    }

    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.peak_kb.load(Ordering::Relaxed)
    }
}

pub fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
