//! The account mirror's first walk of the 10,000 seeded conversations with every sandbox request
//! held 100 ms: a new server on a fresh database, timed from its start until its walk says finished.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::report::{Budget, Section};
use crate::round_trips::{LATENCY_MS, Latency};
use crate::scale::CONVERSATIONS;
use crate::stack::Stack;

pub const TITLE: &str = "First walk of the account mirror";
pub const BUDGET: &str = "First walk of 10,000 conversations at 100 ms upstream latency";
const BUDGET_S: f64 = 60.0;
/// Past this the walk is reported as not measured rather than waited for.
const GIVE_UP: Duration = Duration::from_secs(600);

pub async fn measure(stack: &Stack) -> Result<Section, String> {
    let latency = Latency::add(stack).await?;
    let walked = walk(stack).await;
    let calls = latency.injected().await;
    latency.remove(stack).await?;
    let (seconds, done) = walked?;
    let calls = calls?;
    // Every seeded conversation read (the sandbox also holds its few demo ones).
    if done < CONVERSATIONS as u64 {
        return Err(format!(
            "the walk finished having read {done} conversations, fewer than the {CONVERSATIONS} seeded"
        ));
    }
    let markdown = format!(
        "A new server on a fresh SQLite file, every sandbox request held {LATENCY_MS} ms: from the server's start to its first walk finished, {seconds:.1} s for {done} conversations ({:.0} a second), {calls} upstream requests held.\n",
        done as f64 / seconds
    );
    Ok(Section {
        title: TITLE.into(),
        budgets: vec![Budget::at_most(BUDGET, BUDGET_S, seconds, "s")],
        data: json!({ "seconds": seconds, "conversations": done, "latency_ms": LATENCY_MS, "upstream_calls": calls }),
        markdown,
    })
}

/// Starts the server and waits for its walk: seconds taken and conversations read.
async fn walk(stack: &Stack) -> Result<(f64, u64), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("walk.db");
    let started = Instant::now();
    let server = stack.another_server(&db.display().to_string()).await?;
    let status = server.session.walk_finished(GIVE_UP).await?;
    let done = status["walk"]["done"].as_u64().unwrap_or_default();
    Ok((started.elapsed().as_secs_f64(), done))
}
