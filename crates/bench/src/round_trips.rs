//! Part 2, upstream round trips: with every sandbox request held 100 ms, how many sequential round trips
//! (wall time ÷ 100 ms, rounded down) and how many upstream calls each operator action costs.

use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};
use switchboard_core::Channel;
use switchboard_core::api::{PairingRequest, PairingSide};

use crate::report::{Budget, Section};
use crate::seed;
use crate::stack::Stack;
use crate::stats::Spread;

pub const TITLE: &str = "Upstream round trips";
pub const LATENCY_MS: u64 = 100;
const REPEATS: usize = 5;
pub const LIST_ROWS: usize = 50;
/// Seeded people are numbered; these keep the pairing cases' people apart from the others.
const FIRST_PAIRING_PERSON: usize = 900_000;

#[derive(Debug, Serialize)]
struct Case {
    action: &'static str,
    goal: Option<u32>,
    wall_ms: Spread,
    round_trips: Spread,
    upstream_calls: Spread,
}

pub async fn measure(stack: &Stack) -> Result<Section, String> {
    let list = format!("/conversations?page_size={LIST_ROWS}");
    let (page, _) = stack.server.get(&list).await?;
    let sid = page["conversations"][0]["sid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // The business numbers are cached after the first look, as on a server that has been running.
    stack.server.get("/numbers").await?;
    let latency = Latency::add(stack).await?;
    let mut cases = vec![
        repeat(
            &latency,
            "Conversations list, 50 rows with participants",
            Some(3),
            |_| stack.server.get(&list),
        )
        .await?,
    ];
    let detail = format!("/conversations/{sid}");
    cases.push(
        repeat(&latency, "Conversation detail", Some(2), |_| {
            stack.server.get(&detail)
        })
        .await?,
    );
    cases.extend(pairing_cases(stack, &latency).await?);
    latency.remove(stack).await?;
    let (md, budgets) = report(&cases);
    Ok(Section {
        title: TITLE.into(),
        budgets,
        data: json!({ "latency_ms": LATENCY_MS, "repeats": REPEATS, "cases": cases }),
        markdown: md,
    })
}

/// The pairing check, and creating a pairing with and without the proxies a check proposed.
async fn pairing_cases(stack: &Stack, latency: &Latency<'_>) -> Result<Vec<Case>, String> {
    let mut cases = vec![
        repeat(
            latency,
            "Pairing check (runs while the operator types)",
            None,
            |n| {
                let request = pairing(FIRST_PAIRING_PERSON + n, None);
                async move {
                    let (check, took) = stack.server.post("/pairings/check", &request).await?;
                    Ok((check, took))
                }
            },
        )
        .await?,
    ];
    let mut checked = Vec::new();
    for n in 0..REPEATS {
        let (check, _) = stack
            .server
            .post(
                "/pairings/check",
                &pairing(FIRST_PAIRING_PERSON + 100 + n, None),
            )
            .await?;
        checked.push(check);
    }
    cases.push(
        repeat(
            latency,
            "Create pairing, after the check (the UI's way)",
            Some(1),
            |n| {
                let proxies = proxies_of(&checked[n]);
                let request = pairing(FIRST_PAIRING_PERSON + 100 + n, Some(proxies));
                async move { stack.server.post("/pairings", &request).await }
            },
        )
        .await?,
    );
    cases.push(
        repeat(
            latency,
            "Create pairing, no check first (API callers)",
            None,
            |n| {
                let request = pairing(FIRST_PAIRING_PERSON + 200 + n, None);
                async move { stack.server.post("/pairings", &request).await }
            },
        )
        .await?,
    );
    Ok(cases)
}

/// The markdown table, and a budget for each case with a goal.
fn report(cases: &[Case]) -> (String, Vec<Budget>) {
    let mut md = format!(
        "Every sandbox request is held {LATENCY_MS} ms. Round trips = wall time ÷ {LATENCY_MS} ms, rounded down. {REPEATS} repeats each.\n\n| action | goal | round trips | wall ms | upstream calls |\n|---|---:|---:|---:|---:|\n"
    );
    let mut budgets = Vec::new();
    for case in cases {
        let goal = case.goal.map_or("–".to_owned(), |g| format!("≤ {g}"));
        md.push_str(&format!(
            "| {} | {goal} | {} | {} | {} |\n",
            case.action,
            case.round_trips.show(0),
            case.wall_ms.show(0),
            case.upstream_calls.show(0)
        ));
        if let Some(goal) = case.goal {
            budgets.push(Budget::at_most(
                &format!("{}: round trips (median)", case.action),
                goal.into(),
                case.round_trips.median,
                "",
            ));
        }
    }
    md.push_str("\nFor comparison, the seed's command-line tool makes 3 sequential calls to create a pairing.\n");
    (md, budgets)
}

async fn repeat<'a, F, Fut>(
    latency: &Latency<'a>,
    action: &'static str,
    goal: Option<u32>,
    mut call: F,
) -> Result<Case, String>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Result<(Value, Duration), String>>,
{
    let (mut wall, mut trips, mut calls) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..REPEATS {
        let before = latency.injected().await?;
        let (_, took) = call(n).await?;
        let after = latency.injected().await?;
        let ms = took.as_secs_f64() * 1000.0;
        wall.push(ms);
        trips.push((ms / LATENCY_MS as f64).floor());
        calls.push((after - before) as f64);
    }
    Ok(Case {
        action,
        goal,
        wall_ms: Spread::of(&wall),
        round_trips: Spread::of(&trips),
        upstream_calls: Spread::of(&calls),
    })
}

fn pairing(person: usize, proxies: Option<[String; 2]>) -> PairingRequest {
    let [a, b] = proxies.map_or([None, None], |[a, b]| [Some(a), Some(b)]);
    PairingRequest {
        friendly_name: format!("Bench pairing {person}"),
        reference: Some(format!("R-{person}")),
        sides: [
            PairingSide {
                name: Some("Rider".into()),
                channel: Channel::Sms,
                number: seed::sms_address(person),
                proxy: a,
                language: None,
            },
            PairingSide {
                name: Some("Driver".into()),
                channel: Channel::Whatsapp,
                number: seed::whatsapp_address(person).replace("whatsapp:", ""),
                proxy: b,
                language: None,
            },
        ],
        end: None,
    }
}

fn proxies_of(check: &Value) -> [String; 2] {
    let proxy = |i: usize| {
        check["sides"][i]["proxy"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    [proxy(0), proxy(1)]
}

/// The latency faults on every Twilio API path; their hit counters count the upstream calls.
pub struct Latency<'a> {
    stack: &'a Stack,
    sids: Vec<String>,
}

impl<'a> Latency<'a> {
    pub async fn add(stack: &'a Stack) -> Result<Latency<'a>, String> {
        let mut sids = Vec::new();
        for path in ["/v1/", "/messaging/"] {
            let fault = stack
                .sandbox_post(
                    "/sandbox/v1/Faults",
                    &[
                        ("Path", path),
                        ("Type", "latency"),
                        ("LatencyMs", &LATENCY_MS.to_string()),
                    ],
                )
                .await?;
            sids.push(fault["sid"].as_str().unwrap_or_default().to_owned());
        }
        Ok(Latency { stack, sids })
    }

    pub async fn injected(&self) -> Result<u64, String> {
        let list = self.stack.sandbox_get("/sandbox/v1/Faults").await?;
        Ok(list["faults"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| self.sids.iter().any(|s| f["sid"] == **s))
            .filter_map(|f| f["injected"].as_u64())
            .sum())
    }

    pub async fn remove(self, stack: &Stack) -> Result<(), String> {
        for sid in &self.sids {
            stack
                .sandbox_delete(&format!("/sandbox/v1/Faults/{sid}"))
                .await?;
        }
        Ok(())
    }
}
