//! Part 6, page load: Lighthouse's performance score and LCP for the conversations page, signed in, with
//! the 10,000 conversations in the sandbox.

use std::path::Path;

use serde_json::{Value, json};

use crate::report::{Budget, Section};
use crate::stack::Stack;
use crate::stats::Spread;

pub const TITLE: &str = "Page load (Lighthouse 12.2.3)";
const RUNS: usize = 3;
const BUDGET_SCORE: f64 = 98.0;
const BUDGET_LCP_MS: f64 = 1800.0;

pub async fn measure(stack: &Stack, node_dir: &Path) -> Result<Section, String> {
    let url = format!("{}/conversations", stack.server_url);
    let result = crate::node::run_json(
        node_dir,
        "lighthouse.mjs",
        &[&url, &stack.server.cookie, &RUNS.to_string()],
    )
    .await?;
    let runs = result["runs"].as_array().cloned().unwrap_or_default();
    let figure = |key: &str| -> Vec<f64> { runs.iter().filter_map(|r| r[key].as_f64()).collect() };
    let scores = figure("score");
    if scores.is_empty() {
        return Err("Lighthouse gave no score".into());
    }
    let score = Spread::of(&scores);
    let lcp = Spread::of(&figure("lcp_ms"));
    let mut md = format!(
        "`{url}`, signed in, Lighthouse's default mobile profile (simulated slow 4G, 4× CPU slowdown), Debian's Chromium, {RUNS} measured runs (a run Lighthouse could not measure is shown with its error and made again, at most twice).\n\n| run | score | LCP ms | FCP ms | TBT ms | CLS | Speed Index ms | transfer B | error |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
    );
    for (n, r) in runs.iter().enumerate() {
        let num = |k: &str| r[k].as_f64().map_or("–".into(), |v| format!("{v:.0}"));
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            n + 1,
            num("score"),
            num("lcp_ms"),
            num("fcp_ms"),
            num("tbt_ms"),
            r["cls"].as_f64().map_or("–".into(), |v| format!("{v:.3}")),
            num("speed_index_ms"),
            num("transfer_bytes"),
            r["error"].as_str().unwrap_or(""),
        ));
    }
    if let Some(url) = runs.first().and_then(|r| r["final_url"].as_str()) {
        md.push_str(&format!("\nThe page Lighthouse ended on: `{url}`.\n"));
    }
    Ok(Section {
        title: TITLE.into(),
        budgets: vec![
            Budget::at_least(
                "Lighthouse performance score (median)",
                BUDGET_SCORE,
                score.median,
                "",
            ),
            Budget::at_most("Lighthouse LCP (median)", BUDGET_LCP_MS, lcp.median, "ms"),
        ],
        data: json!({ "url": url, "score": score, "lcp_ms": lcp, "runs": Value::Array(runs) }),
        markdown: md,
    })
}
