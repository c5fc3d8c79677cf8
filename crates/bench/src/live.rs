//! A handset's message shown on an open conversation page in Chromium: the server connected to
//! the sandbox's post-event webhooks, the page open, each message timed from the handset's send
//! until it is on screen, with no click.

use std::path::Path;

use serde_json::json;

use crate::report::{Budget, Section};
use crate::stack::Stack;
use crate::stats::{Spread, percentile};

pub const TITLE: &str = "Live updates";
pub const BUDGET: &str = "Handset message shown on an open page, p95";
const BUDGET_MS: f64 = 500.0;

pub async fn measure(stack: &Stack, node_dir: &Path) -> Result<Section, String> {
    connect_events(stack).await?;
    let (page, _) = stack.server.get("/conversations?page_size=50").await?;
    // A seeded pairing's SMS person, who may write at any time.
    let (sid, from, to) = page["conversations"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|c| {
            let sms = c["participants"]
                .as_array()?
                .iter()
                .find(|p| p["channel"] == "sms")?;
            Some((
                c["sid"].as_str()?.to_owned(),
                sms["address"].as_str()?.to_owned(),
                sms["proxy_address"].as_str()?.to_owned(),
            ))
        })
        .ok_or("no seeded conversation has an SMS person")?;
    let found = crate::node::run_json(
        node_dir,
        "handset-shown.mjs",
        &[
            &format!("{}/conversations/{sid}", stack.server_url),
            &stack.server.cookie,
            &format!("{}/sandbox/v1/Phones/Messages", stack.sandbox_url),
            &stack.basic_auth_header(),
            &from,
            &to,
        ],
    )
    .await?;
    let mut shown: Vec<f64> = found["shown_ms"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    if shown.is_empty() {
        return Err("handset-shown.mjs timed no message".into());
    }
    shown.sort_by(f64::total_cmp);
    let p95 = percentile(&shown, 95.0);
    let spread = Spread::of(&shown);
    Ok(Section {
        title: TITLE.into(),
        budgets: vec![Budget::at_most(BUDGET, BUDGET_MS, p95, "ms")],
        data: json!({ "shown_ms": spread, "p95_ms": p95, "messages": shown.len() }),
        markdown: format!(
            "{} messages written by an SMS handset to a seeded pairing, the conversation page open in Chromium: from the handset's send to the text on screen, p95 {p95:.0} ms; {} ms (min / median / max).\n",
            shown.len(),
            spread.show(0)
        ),
    })
}

/// Points the sandbox's account-level post-event webhook at the bench's server, as an admin
/// does once on the account events page.
async fn connect_events(stack: &Stack) -> Result<(), String> {
    let (events, _) = stack.server.get("/account-events").await?;
    if events["connected"] == true {
        return Ok(());
    }
    // The level in force: the service's when it sets a post-event URL, else the account's.
    let level = if events["service"]["post_webhook_url"].is_string() {
        &events["service"]
    } else {
        &events["account"]
    };
    let replacing = level["post_webhook_url"].clone();
    stack
        .server
        .post(
            "/account-events/connect",
            &json!({ "replacing": replacing }),
        )
        .await?;
    Ok(())
}
