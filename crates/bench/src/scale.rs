//! Part 3, scale: the sandbox holding 10,000 conversations; how long the API takes to list, page, filter
//! and search them, and how soon a browser shows the first rows and pages through them.

use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use crate::report::{Budget, Section};
use crate::seed::{self, Pairs};
use crate::stack::Stack;
use crate::stats::Spread;

pub const TITLE: &str = "Scale: 10,000 conversations";
pub const CONVERSATIONS: usize = 10_000;
const REPEATS: usize = 5;
const PAGES_WALKED: usize = 40;

#[derive(Debug, Serialize)]
struct Case {
    query: String,
    rows: usize,
    ms: Spread,
}

/// Seeds the sandbox up to `CONVERSATIONS` (the round-trip section made the first 50).
pub async fn seed(stack: &Stack) -> Result<f64, String> {
    let started = std::time::Instant::now();
    seed::pairings(&stack.twilio, 50..CONVERSATIONS, Pairs::MixedSomeClosed, 16).await?;
    Ok(started.elapsed().as_secs_f64())
}

pub async fn measure(stack: &Stack, node_dir: &Path, seeded_in: f64) -> Result<Section, String> {
    let cases = time_queries(stack).await?;
    let page_ms = walk_pages(stack).await?;
    let browser = browser_measure(stack, node_dir).await;

    let mut md = api_table(&cases, &page_ms, seeded_in);
    let found = |what: &str| cases.iter().any(|(w, c)| w == what && c.rows > 0);
    let recent_found = found("search by reference, a recent one");
    if !found("search by reference, an old one") {
        md.push_str("\nA search by name or reference reads the 1,000 newest conversations, so the old one is not found that way; a search by phone finds any.\n");
    }
    let mut budgets = vec![Budget::at_least(
        "Search by reference finds a recent conversation among 10,000",
        1.0,
        f64::from(u8::from(recent_found)),
        "found",
    )];
    let browser_json = report_browser(&browser, &mut md, &mut budgets);
    Ok(Section {
        title: TITLE.into(),
        budgets,
        data: json!({
            "conversations": CONVERSATIONS,
            "seeded_in_s": seeded_in,
            "api": cases.iter().map(|(what, c)| json!({ "what": what, "case": c })).collect::<Vec<_>>(),
            "next_page_ms": page_ms,
            "browser": browser_json,
        }),
        markdown: md,
    })
}

/// The list calls timed, each with what it shows.
fn queries() -> [(String, &'static str); 6] {
    let last = CONVERSATIONS - 10;
    [
        ("/conversations".to_owned(), "first page, 25 rows"),
        (
            "/conversations?page_size=100".to_owned(),
            "first page, 100 rows",
        ),
        ("/conversations?state=closed".to_owned(), "filter: closed"),
        (
            format!("/conversations?q=%2B{}", &seed::sms_address(last)[1..]),
            "search by phone",
        ),
        (
            format!("/conversations?q=B-{last:05}"),
            "search by reference, a recent one",
        ),
        (
            format!("/conversations?q=B-{:05}", 25),
            "search by reference, an old one",
        ),
    ]
}

/// Each of `queries` `REPEATS` times, with the rows its last answer held.
async fn time_queries(stack: &Stack) -> Result<Vec<(String, Case)>, String> {
    let mut cases = Vec::new();
    for (query, what) in queries() {
        let mut ms = Vec::new();
        let mut rows = 0;
        for _ in 0..REPEATS {
            let (page, took) = stack.server.get(&query).await?;
            rows = page["conversations"].as_array().map_or(0, Vec::len);
            ms.push(took.as_secs_f64() * 1000.0);
        }
        cases.push((
            what.to_string(),
            Case {
                query,
                rows,
                ms: Spread::of(&ms),
            },
        ));
    }
    Ok(cases)
}

fn api_table(cases: &[(String, Case)], page_ms: &Spread, seeded_in: f64) -> String {
    let mut md = format!(
        "Seeded {CONVERSATIONS} conversations (1 in 10 closed) through the Twilio API in {seeded_in:.1} s.\n\n| API call | rows | ms (min / median / max of {REPEATS}) |\n|---|---:|---:|\n"
    );
    for (what, case) in cases {
        md.push_str(&format!(
            "| {what} `{}` | {} | {} |\n",
            case.query,
            case.rows,
            case.ms.show(1)
        ));
    }
    md.push_str(&format!(
        "| each next page, walking {PAGES_WALKED} pages of 25 | 25 | {} |\n",
        page_ms.show(1)
    ));
    md
}

/// Adds the browser's figures, or why there are none, to the text and the budgets; returns them
/// for the JSON report.
fn report_browser(
    browser: &Result<Value, String>,
    md: &mut String,
    budgets: &mut Vec<Budget>,
) -> Value {
    match browser {
        Ok(figures) => {
            let first = Spread::of(&numbers(&figures["first_rows_ms"]));
            let paging = Spread::of(&numbers(&figures["next_page_ms"]));
            md.push_str(&format!(
                "\nIn Chromium (headless, this machine): first rows on screen after {} ms from navigation (min / median / max of {} loads); each \"Next page\" until the new rows show: {} ms over {} pages.\n",
                first.show(0),
                figures["first_rows_ms"].as_array().map_or(0, Vec::len),
                paging.show(0),
                figures["next_page_ms"].as_array().map_or(0, Vec::len),
            ));
            budgets.push(Budget::at_most(
                "Browser: first rows on screen, median (own target)",
                1000.0,
                first.median,
                "ms",
            ));
            budgets.push(Budget::at_most(
                "Browser: next page shown, slowest (own target)",
                500.0,
                paging.max,
                "ms",
            ));
            figures.clone()
        }
        Err(error) => {
            md.push_str(&format!("\nThe browser measurement failed: {error}\n"));
            budgets.push(Budget::not_measured(
                "Browser: first rows on screen",
                "≤ 1000 ms",
                error,
            ));
            json!({ "error": error })
        }
    }
}

async fn walk_pages(stack: &Stack) -> Result<Spread, String> {
    let mut ms = Vec::new();
    let mut query = "/conversations".to_owned();
    for _ in 0..PAGES_WALKED {
        let (page, took) = stack.server.get(&query).await?;
        ms.push(took.as_secs_f64() * 1000.0);
        let Some(next) = page["next_page"].as_str() else {
            break;
        };
        query = format!("/conversations?page={next}");
    }
    Ok(Spread::of(&ms))
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect()
}

/// `first-rows.mjs` in Chromium: times from navigation to the first row, and per "Next page".
async fn browser_measure(stack: &Stack, node_dir: &Path) -> Result<Value, String> {
    crate::node::run_json(
        node_dir,
        "first-rows.mjs",
        &[
            &format!("{}/conversations", stack.server_url),
            &stack.server.cookie,
        ],
    )
    .await
}
