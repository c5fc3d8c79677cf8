//! Search across 100,000 conversations through the server: a server on a fresh SQLite file and
//! one on a fresh PostgreSQL database, each with its account mirror filled straight in the
//! database (`mirror_fill`), asked varied searches, filters, sorts and next pages over HTTP.

use std::time::Instant;

use serde_json::json;
use sqlx::{AnyPool, AssertSqlSafe, Connection, PgConnection};

use crate::mirror_fill::{self, NUMBERS};
use crate::report::{Budget, Section};
use crate::stack::{Session, Stack};
use crate::stats::{Spread, percentile};

pub const TITLE: &str = "Search across 100,000 conversations (the mirror)";
pub const CONVERSATIONS: usize = 100_000;
/// Requests of each kind per engine.
const ROUNDS: usize = 40;
const BUDGET_MS: f64 = 50.0;

/// The requests of round `r`: each kind of search once, on varied targets.
fn requests(r: usize) -> Vec<(&'static str, String)> {
    let pick = |salt: usize| (r * 7919 + salt * 104_729) % CONVERSATIONS;
    let phone = mirror_fill::sms_address(pick(3) / 3 * 3);
    vec![
        ("first page", "/conversations".to_owned()),
        (
            "part of a name",
            format!("/conversations?q=order%20{}", pick(1) / 10),
        ),
        (
            "reference",
            format!(
                "/conversations?q={}",
                mirror_fill::reference(pick(2)).to_lowercase()
            ),
        ),
        (
            "phone with spaces",
            format!(
                "/conversations?q=%2B1%20555%20{}%20{}",
                &phone[5..8],
                &phone[8..]
            ),
        ),
        ("person's name", "/conversations?q=marti".to_owned()),
        ("two letters", "/conversations?q=ri".to_owned()),
        ("nothing matches", format!("/conversations?q=zq{r}x")),
        (
            "state closed, by creation",
            "/conversations?state=closed&sort=created".to_owned(),
        ),
        (
            "mixed with an open window",
            "/conversations?channel=mixed&window=open".to_owned(),
        ),
        (
            "number and failed",
            format!(
                "/conversations?number=%2B{}&failed=true",
                &NUMBERS[r % 4][1..]
            ),
        ),
        (
            "name in a city, 100 rows",
            "/conversations?q=lisbon&page_size=100".to_owned(),
        ),
    ]
}

/// Times every request of every round on `session`: the samples and each kind's spread.
async fn time_all(session: &Session) -> Result<(Vec<f64>, Vec<(String, Spread, usize)>), String> {
    let mut all = Vec::new();
    let mut kinds: Vec<(String, Vec<f64>, usize)> = Vec::new();
    for r in 0..ROUNDS {
        for (i, (kind, path)) in requests(r).into_iter().enumerate() {
            let (page, took) = session.get(&path).await?;
            if page["source"]["kind"] != "mirror" {
                return Err(format!(
                    "{path} was not answered by the mirror: {}",
                    page["source"]
                ));
            }
            let ms = took.as_secs_f64() * 1000.0;
            all.push(ms);
            if kinds.len() <= i {
                kinds.push((kind.to_owned(), Vec::new(), 0));
            }
            kinds[i].1.push(ms);
            kinds[i].2 = page["conversations"].as_array().map_or(0, Vec::len);
            if let Some(next) = page["next_page"].as_str().filter(|_| i == 0) {
                let (_, took) = session.get(&format!("/conversations?page={next}")).await?;
                all.push(took.as_secs_f64() * 1000.0);
            }
        }
    }
    let kinds = kinds
        .into_iter()
        .map(|(k, ms, rows)| (k, Spread::of(&ms), rows))
        .collect();
    Ok((all, kinds))
}

struct Engine {
    name: &'static str,
    filled_s: f64,
    p50: f64,
    p99: f64,
    kinds: Vec<(String, Spread, usize)>,
}

async fn on(
    stack: &Stack,
    name: &'static str,
    server_db: &str,
    sqlx_url: &str,
) -> Result<Engine, String> {
    let server = stack.another_server(server_db).await?;
    // The server's own first walk (of the sandbox's few conversations) ends before the fill
    // writes, so the two never hold the database at once.
    server
        .session
        .walk_finished(std::time::Duration::from_secs(60))
        .await
        .map_err(|e| format!("{name}: {e}"))?;
    sqlx::any::install_default_drivers();
    let db = AnyPool::connect(sqlx_url)
        .await
        .map_err(|e| format!("{name}: {e}"))?;
    let started = Instant::now();
    let now = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()) as i64;
    mirror_fill::fill(&db, CONVERSATIONS, now, name == "PostgreSQL")
        .await
        .map_err(|e| format!("filling the mirror on {name}: {e}"))?;
    let filled_s = started.elapsed().as_secs_f64();
    // A first pass warms the caches as a running server's would be.
    time_all(&server.session).await?;
    let (mut all, kinds) = time_all(&server.session).await?;
    all.sort_by(f64::total_cmp);
    Ok(Engine {
        name,
        filled_s,
        p50: percentile(&all, 50.0),
        p99: percentile(&all, 99.0),
        kinds,
    })
}

pub async fn measure(stack: &Stack, postgres_url: Option<&str>) -> Result<Section, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("mirror.db");
    let sqlite_url = format!("sqlite://{}", file.display());
    let mut engines = vec![on(stack, "SQLite", &file.display().to_string(), &sqlite_url).await];
    engines.push(match postgres_url {
        None => Err("no PostgreSQL server given (cargo xtask bench starts one)".into()),
        Some(server_url) => on_postgres(stack, server_url).await,
    });
    let mut budgets = Vec::new();
    let mut md = format!(
        "{CONVERSATIONS} generated conversations (two people each, 1 in 50 with a failed delivery) written straight into the mirror's tables, marked ready; {ROUNDS} rounds of {} kinds of request (plus the next page of the first), after one warming round.\n\n",
        requests(0).len()
    );
    let mut data = Vec::new();
    for (engine, name) in engines.iter().zip(["SQLite", "PostgreSQL"]) {
        let what = format!("Search across 100,000 conversations, p99, on {name}");
        match engine {
            Ok(e) => {
                budgets.push(Budget::at_most(&what, BUDGET_MS, e.p99, "ms"));
                md.push_str(&format!("**{}**: filled in {:.1} s; p50 {:.1} ms, p99 {:.1} ms.\n\n| request | rows | ms (min / median / max) |\n|---|---:|---:|\n", e.name, e.filled_s, e.p50, e.p99));
                for (kind, spread, rows) in &e.kinds {
                    md.push_str(&format!("| {kind} | {rows} | {} |\n", spread.show(1)));
                }
                md.push('\n');
                data.push(json!({ "engine": e.name, "filled_s": e.filled_s, "p50_ms": e.p50, "p99_ms": e.p99,
                    "kinds": e.kinds.iter().map(|(k, s, rows)| json!({ "kind": k, "ms": s, "rows": rows })).collect::<Vec<_>>() }));
            }
            Err(error) => {
                budgets.push(Budget::not_measured(&what, "≤ 50 ms", error));
                md.push_str(&format!("**{name}**: not measured: {error}\n\n"));
            }
        }
    }
    Ok(Section {
        title: TITLE.into(),
        budgets,
        data: json!(data),
        markdown: md,
    })
}

async fn on_postgres(stack: &Stack, server_url: &str) -> Result<Engine, String> {
    let name = format!("switchboard_search_{}", std::process::id());
    let mut admin = PgConnection::connect(server_url)
        .await
        .map_err(|e| format!("could not reach PostgreSQL: {e}"))?;
    // The name is made here from a fixed prefix and the process id.
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .map_err(|e| format!("could not create the database {name}: {e}"))?;
    let mut url = url::Url::parse(server_url).map_err(|e| e.to_string())?;
    url.set_path(&name);
    let measured = on(stack, "PostgreSQL", url.as_str(), url.as_str()).await;
    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    if let Err(e) = sqlx::raw_sql(AssertSqlSafe(drop)).execute(&mut admin).await {
        eprintln!("bench: could not drop the database {name}: {e}");
    }
    measured
}
