//! Part 1b, the first page and the pages after it, in Chromium with nothing cached: the bytes on the
//! wire from opening sign-in to the conversations list (the UI's files and the API's answers), and
//! the time from a click on a header link to that page shown with its data, its code not yet loaded.

use std::path::Path;

use serde_json::json;

use crate::report::{Budget, Section};
use crate::stack::{PASSWORD, Stack, USERNAME};
use crate::stats::Spread;

pub const TITLE: &str = "First page and moving between pages";
pub const BUDGET_FIRST_PAGE: &str = "First page (sign-in → conversations), transfer as served";
pub const BUDGET_MOVE: &str = "Moving to a page not yet loaded, median";
const RUNS: usize = 3;
const FIRST_PAGE_KB: f64 = 200.0;
const MOVE_MS: f64 = 300.0;

pub async fn measure(stack: &Stack, node_dir: &Path) -> Result<Section, String> {
    let result = crate::node::run_json(
        node_dir,
        "first-page.mjs",
        &[&stack.server_url, USERNAME, PASSWORD, &RUNS.to_string()],
    )
    .await?;
    let loads = result["first_page"].as_array().cloned().unwrap_or_default();
    let kb: Vec<f64> = loads
        .iter()
        .filter_map(|l| l["bytes"].as_f64())
        .map(|b| b / 1000.0)
        .collect();
    let moves = result["navigations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let ms: Vec<f64> = moves.iter().filter_map(|m| m["ms"].as_f64()).collect();
    if kb.len() != RUNS || ms.is_empty() {
        return Err(format!("first-page.mjs measured too little: {result}"));
    }
    let (kb, ms) = (Spread::of(&kb), Spread::of(&ms));
    let mut md = format!(
        "Headless Chromium on localhost, {RUNS} fresh browser contexts.\n\n\
         First page, KB on the wire (min / median / max): {}\n\nThe UI's files it fetched:\n\n| file | bytes |\n|---|---:|\n",
        kb.show(1)
    );
    if let Some(files) = loads.first().and_then(|l| l["files"].as_array()) {
        for f in files {
            md.push_str(&format!(
                "| {} | {} |\n",
                f["path"].as_str().unwrap_or(""),
                f["bytes"]
            ));
        }
    }
    md.push_str(&format!(
        "\nFrom a click on a header link to the page shown (ms, min / median / max over {} moves): {}\n\n| page | ms |\n|---|---:|\n",
        moves.len(),
        ms.show(0)
    ));
    for m in &moves {
        md.push_str(&format!(
            "| {} | {:.0} |\n",
            m["page"].as_str().unwrap_or(""),
            m["ms"].as_f64().unwrap_or(0.0)
        ));
    }
    Ok(Section {
        title: TITLE.into(),
        budgets: vec![
            Budget::at_most(BUDGET_FIRST_PAGE, FIRST_PAGE_KB, kb.median, "KB"),
            Budget::at_most(BUDGET_MOVE, MOVE_MS, ms.median, "ms"),
        ],
        data: json!({ "first_page_kb": kb, "move_ms": ms, "runs": result }),
        markdown: md,
    })
}
