//! `kill -9` during a bulk CSV pairing: the real binary is killed while rows are being made upstream,
//! started again on the same database and the same Twilio, and finishes the import with every row
//! made once, each in the audit log as Twilio has it.

use crate::common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::common::process::ServerProcess;
use crate::common::upstream::{ACCOUNT_SID, AUTH_TOKEN, standalone_sandbox};
use crate::common::{ADMIN, Client, PASSWORD};
use serde_json::{Value, json};

const ROWS: usize = 40;

fn csv() -> String {
    let mut csv = String::from(
        "friendly_name,reference,a_name,a_channel,a_number,a_proxy,b_name,b_channel,b_number,b_proxy\n",
    );
    for n in 0..ROWS {
        csv.push_str(&format!(
            "Crash row {n:03},{n},Customer,whatsapp,+3462{n:07},,Rider,sms,+1555040{n:04},\n"
        ));
    }
    csv
}

async fn progress(client: &Client, id: i64) -> Value {
    client
        .get_ok(&format!("/api/v1/pairings/imports/{id}"))
        .await
}

async fn twilio(base: &str, method: reqwest::Method, path: &str, form: &[(&str, &str)]) -> Value {
    let response = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
        .form(form)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{path}");
    response.json().await.unwrap_or(Value::Null)
}

/// Sets up the first admin and starts the import; returns the admin's client and the import's id.
async fn start_import(server: &ServerProcess) -> (Client, i64) {
    let admin = server.anonymous();
    let setup = json!({ "token": common::SETUP_TOKEN, "username": ADMIN, "password": PASSWORD });
    assert_eq!(admin.post_json("/api/v1/setup", &setup).await.status(), 201);
    let mut admin = server.anonymous();
    admin.sign_in(ADMIN, PASSWORD).await.unwrap();
    let started = admin
        .post_json("/api/v1/pairings/imports", &json!({ "csv": csv() }))
        .await;
    let started: Value = common::expect(started, 202).await;
    let id = started["id"].as_i64().unwrap();
    (admin, id)
}

/// Polls the import's progress every `pause` until `reached` says so, failing with `stuck` after a
/// minute.
async fn progress_until(
    admin: &Client,
    id: i64,
    pause: Duration,
    stuck: &str,
    reached: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let now = progress(admin, id).await;
        if reached(&now) {
            return now;
        }
        assert!(Instant::now() < deadline, "{stuck}: {now}");
        tokio::time::sleep(pause).await;
    }
}

fn is_import(name: &str) -> bool {
    name.starts_with("import-")
}

/// The import's conversations on the first page of Twilio's list.
async fn imported_on_first_page(base: &str) -> usize {
    twilio(
        base,
        reqwest::Method::GET,
        "/v1/Conversations?PageSize=100",
        &[],
    )
    .await["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["unique_name"].as_str().is_some_and(is_import))
        .count()
}

/// Every conversation the import made upstream, by unique name, read page by page.
async fn imported_upstream(base: &str) -> BTreeMap<String, Vec<String>> {
    let mut upstream: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut page = twilio(
        base,
        reqwest::Method::GET,
        "/v1/Conversations?PageSize=100",
        &[],
    )
    .await;
    loop {
        for c in page["conversations"].as_array().unwrap() {
            if let Some(name) = c["unique_name"].as_str().filter(|n| is_import(n)) {
                upstream
                    .entry(name.to_owned())
                    .or_default()
                    .push(c["sid"].as_str().unwrap().to_owned());
            }
        }
        let Some(next) = page["meta"]["next_page_url"].as_str() else {
            break;
        };
        let path = next.strip_prefix(base).unwrap().to_owned();
        page = twilio(base, reqwest::Method::GET, &path, &[]).await;
    }
    upstream
}

/// What is wrong with one row: not made exactly once with both people, not shown as made, or not
/// audited exactly once as made.
async fn row_problem(
    base: &str,
    id: i64,
    row: &Value,
    upstream: &BTreeMap<String, Vec<String>>,
    audit: &Value,
) -> Option<String> {
    let line = row["line"].as_i64().unwrap();
    let sids = upstream
        .get(&format!("import-{id}-{line}"))
        .cloned()
        .unwrap_or_default();
    let participants = match sids.as_slice() {
        [sid] => twilio(
            base,
            reqwest::Method::GET,
            &format!("/v1/Conversations/{sid}/Participants"),
            &[],
        )
        .await["participants"]
            .as_array()
            .unwrap()
            .len(),
        _ => 0,
    };
    let audited: Vec<(String, Option<String>)> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["detail"]["import"] == id && e["detail"]["line"] == line)
        .map(|e| {
            (
                e["outcome"].as_str().unwrap().to_owned(),
                e["target"].as_str().map(String::from),
            )
        })
        .collect();
    let shown = (row["state"].as_str(), row["conversation_sid"].as_str());
    if sids.len() != 1 || participants != 2 || shown != (Some("created"), Some(sids[0].as_str())) {
        Some(format!(
            "line {line}: upstream {sids:?} with {participants} participants, shown {shown:?}"
        ))
    } else if audited != [("ok".to_owned(), Some(sids[0].clone()))] {
        Some(format!(
            "line {line}: made as {} but audited {audited:?}",
            sids[0]
        ))
    } else {
        None
    }
}

#[tokio::test]
async fn a_server_killed_mid_import_resumes_it_and_makes_and_audits_every_row_once() {
    let sandbox = standalone_sandbox(ACCOUNT_SID, AUTH_TOKEN).await;
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), common::INDEX_HTML).unwrap();
    let db = crate::common::database::fresh(dir.path()).await;
    let env = [
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_API_BASE_URL", base.as_str()),
    ];
    // Twilio makes each conversation at once but answers a second later: a kill in that second
    // leaves rows made upstream that the server has not heard of.
    let slow = [
        ("Path", "/v1/ConversationWithParticipants"),
        ("Type", "latency"),
        ("LatencyMs", "1000"),
    ];
    twilio(&base, reqwest::Method::POST, "/sandbox/v1/Faults", &slow).await;

    let first = ServerProcess::start(&db, dir.path(), &env);
    let (admin, id) = start_import(&first).await;
    let before_kill = progress_until(
        &admin,
        id,
        Duration::from_millis(50),
        "the import does not move",
        |now| now["created"].as_u64().unwrap() >= 8,
    )
    .await;
    first.kill();
    let made_at_kill = imported_on_first_page(&base).await;
    twilio(&base, reqwest::Method::DELETE, "/sandbox/v1/Faults", &[]).await;

    let second = ServerProcess::start(&db, dir.path(), &env);
    let mut admin = second.anonymous();
    admin.sign_in(ADMIN, PASSWORD).await.unwrap();
    let done = progress_until(
        &admin,
        id,
        Duration::from_millis(100),
        "the import was not resumed",
        |now| now["finished"].as_bool() == Some(true),
    )
    .await;

    let upstream = imported_upstream(&base).await;
    let audit: Value = admin
        .get_ok("/api/v1/audit?action=pairing.create&limit=200")
        .await;
    let mut problems = Vec::new();
    for row in done["rows"].as_array().unwrap() {
        problems.extend(row_problem(&base, id, row, &upstream, &audit).await);
    }
    println!(
        "crash: killed with {} of {ROWS} rows recorded and {made_at_kill} made upstream; after the restart {} created, {} failed, {} conversations upstream; {} problems",
        before_kill["created"],
        done["created"],
        done["failed"],
        upstream.values().map(Vec::len).sum::<usize>(),
        problems.len()
    );
    second.kill();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        made_at_kill > before_kill["created"].as_u64().unwrap() as usize,
        "the kill did not land while rows were in flight"
    );
}
