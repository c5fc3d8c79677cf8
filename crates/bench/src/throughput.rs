//! Part 5, sandbox throughput: simulated phones writing into their conversations as fast as wrk sends,
//! each message relayed to the other person's phone and announced by a signed webhook, which a
//! receiver here checks.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{RawForm, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::json;
use switchboard_twilio::WebhookParams;

use crate::report::{Budget, Section};
use crate::seed::{self, Pairs};
use crate::stack::{AUTH_TOKEN, Stack};

pub const TITLE: &str = "Sandbox throughput";
const CONVERSATIONS: usize = 100;
const FIRST_PERSON: usize = 2_000_000;
const SECONDS: u32 = 5;
const CONNECTIONS: u32 = 16;
const BUDGET_PER_SECOND: f64 = 1000.0;

#[derive(Clone, Default)]
struct Received {
    signed: Arc<AtomicU64>,
    forged: Arc<AtomicU64>,
    url: Arc<std::sync::OnceLock<String>>,
}

/// What one run counted.
struct Tally {
    accepted: u64,
    refused: u64,
    relayed: u64,
    delivered: u64,
    forged: u64,
    ingest_rate: f64,
    all_delivered_after: f64,
}

pub async fn measure(stack: &Stack) -> Result<Section, String> {
    let received = Received::default();
    let url = start_receiver(received.clone()).await?;
    pairings_with_webhooks(stack, url).await?;
    let script = wrk_script(&stack.basic_auth_header(), &inbound_bodies());
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let script_path = dir.path().join("inbound.lua");
    std::fs::write(&script_path, script).map_err(|e| e.to_string())?;

    let started = Instant::now();
    let result = run_wrk(stack, &script_path).await?;
    let sent = result["requests"].as_u64().unwrap_or(0);
    let refused = result["non_2xx"].as_u64().unwrap_or(0) + result["errors"].as_u64().unwrap_or(0);
    let accepted = sent.saturating_sub(refused);
    let all_delivered_after = wait_for_webhooks(&received, accepted, started).await;
    let delivered = received.signed.load(Ordering::Relaxed);
    let forged = received.forged.load(Ordering::Relaxed);
    let tally = Tally {
        accepted,
        refused,
        relayed: relayed_count(stack).await?,
        delivered,
        forged,
        ingest_rate: accepted as f64 / (result["duration_us"].as_f64().unwrap_or(1.0) / 1e6),
        all_delivered_after,
    };
    Ok(tally.section())
}

/// The bench's SMS pairings, each with a conversation-scoped webhook to `url`.
async fn pairings_with_webhooks(stack: &Stack, url: String) -> Result<(), String> {
    let sids = seed::pairings(
        &stack.twilio,
        FIRST_PERSON..FIRST_PERSON + CONVERSATIONS,
        Pairs::BothSms,
        16,
    )
    .await?;
    let hook = WebhookParams {
        target: "webhook".into(),
        url: Some(url),
        method: Some("post".into()),
        filters: vec!["onMessageAdded".into()],
        ..WebhookParams::default()
    };
    for sid in &sids {
        stack
            .twilio
            .create_webhook(sid, &hook)
            .await
            .map_err(|e| format!("registering a webhook: {e}"))?;
    }
    Ok(())
}

/// One form body per pairing: its first person writing to the business number.
fn inbound_bodies() -> Vec<String> {
    (0..CONVERSATIONS)
        .map(|i| {
            serde_urlencoded::to_string([
                ("From", seed::sms_address(FIRST_PERSON + i)),
                ("To", seed::SMS_PROXIES[0].to_owned()),
                ("Body", format!("Bench message from person {i}")),
            ])
            .expect("plain text encodes")
        })
        .collect()
}

/// wrk against the handset endpoint; its result line as JSON.
async fn run_wrk(stack: &Stack, script_path: &Path) -> Result<serde_json::Value, String> {
    let run = tokio::process::Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{CONNECTIONS}"),
            &format!("-d{SECONDS}s"),
            "-s",
        ])
        .arg(script_path)
        .arg(format!("{}/sandbox/v1/Phones/Messages", stack.sandbox_url))
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| format!("could not run wrk: {e}"))?;
    let stdout = String::from_utf8_lossy(&run.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with('{'))
        .ok_or("wrk printed no result")?;
    serde_json::from_str(line).map_err(|e| e.to_string())
}

/// Webhooks go out one at a time, in order, after each change: waits (at most a minute) for the
/// last of them and says when it came, in seconds after `started`.
async fn wait_for_webhooks(received: &Received, accepted: u64, started: Instant) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last_seen = received.signed.load(Ordering::Relaxed);
    let mut last_change = Instant::now();
    while last_seen < accepted && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let now = received.signed.load(Ordering::Relaxed);
        if now != last_seen {
            last_seen = now;
            last_change = Instant::now();
        }
    }
    last_change.duration_since(started).as_secs_f64()
}

impl Tally {
    fn section(&self) -> Section {
        let Tally {
            accepted,
            refused,
            relayed,
            delivered,
            forged,
            ingest_rate,
            all_delivered_after,
        } = *self;
        let end_to_end_rate = delivered.min(relayed) as f64 / all_delivered_after;
        let md = format!(
            "wrk, {CONNECTIONS} connections for {SECONDS} s, each request one phone writing to its business number (`POST /sandbox/v1/Phones/Messages`), spread over {CONVERSATIONS} SMS pairings each with a conversation-scoped webhook (onMessageAdded). The sandbox keeps its state in memory here.\n\n| | count |\n|---|---:|\n| messages accepted | {accepted} |\n| refused or failed | {refused} |\n| relayed to the other phone | {relayed} |\n| webhooks received with a valid signature | {delivered} |\n| webhooks with a wrong signature | {forged} |\n\nAccepted {ingest_rate:.0} messages/s; the last webhook arrived {all_delivered_after:.2} s after the first message, so {end_to_end_rate:.0} messages/s were taken, relayed and announced end to end.\n"
        );
        Section {
            title: TITLE.into(),
            budgets: vec![
                Budget::at_least(
                    "Inbound messages relayed and announced by signed webhook",
                    BUDGET_PER_SECOND,
                    end_to_end_rate,
                    "/s",
                ),
                Budget::at_most(
                    "Messages accepted but not relayed or not announced",
                    0.0,
                    (accepted.saturating_sub(delivered.min(relayed))) as f64,
                    "",
                ),
                Budget::at_most("Webhooks with a wrong signature", 0.0, forged as f64, ""),
            ],
            data: json!({
                "connections": CONNECTIONS, "seconds": SECONDS, "conversations": CONVERSATIONS,
                "accepted": accepted, "refused": refused, "relayed": relayed,
                "webhooks_signed": delivered, "webhooks_forged": forged,
                "accepted_per_s": ingest_rate, "end_to_end_per_s": end_to_end_rate,
                "last_webhook_after_s": all_delivered_after,
            }),
            markdown: md,
        }
    }
}

/// wrk sends each conversation's message in turn; `done` prints the run as one JSON line.
fn wrk_script(authorization: &str, bodies: &[String]) -> String {
    let list: Vec<String> = bodies.iter().map(|b| format!("{b:?}")).collect();
    format!(
        r#"wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "{authorization}"
local bodies = {{ {} }}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{{"requests":%d,"duration_us":%d,"errors":%d,"non_2xx":%d}}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status))
end
"#,
        list.join(", ")
    )
}

/// Messages the other person's phone received in the bench's pairings.
async fn relayed_count(stack: &Stack) -> Result<u64, String> {
    let mut total = 0;
    for i in 0..CONVERSATIONS {
        let other = seed::sms_address(FIRST_PERSON + i + 5_000_000);
        let mut path = format!(
            "/sandbox/v1/Phones/{}/Messages?PageSize=1000",
            other.replace('+', "%2B")
        );
        loop {
            let page = stack.sandbox_get(&path).await?;
            total += page["messages"].as_array().map_or(0, Vec::len) as u64;
            let next = page["meta"]["next_page_url"].as_str();
            match next.and_then(|url| url.find("/sandbox/").map(|at| url[at..].to_owned())) {
                Some(next_path) => path = next_path,
                None => break,
            }
        }
    }
    Ok(total)
}

async fn start_receiver(received: Received) -> Result<String, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}/hook",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    received.url.set(url.clone()).expect("set once");
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(received);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

async fn receive(
    State(received): State<Received>,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> StatusCode {
    let params: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let url = received.url.get().map(String::as_str).unwrap_or_default();
    if switchboard_twilio::signature::verify(AUTH_TOKEN, url, &params, signature) {
        received.signed.fetch_add(1, Ordering::Relaxed);
    } else {
        received.forged.fetch_add(1, Ordering::Relaxed);
    }
    StatusCode::OK
}
