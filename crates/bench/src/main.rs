//! `switchboard-bench`: the measurements behind `cargo xtask bench`, run against the release
//! binary and a standalone sandbox (the server's overhead on SQLite and on PostgreSQL), written to
//! `report.md` and `report.json`.

mod binary;
mod first_page;
mod live;
mod mirror_fill;
mod mirror_search;
mod mirror_walk;
mod node;
mod overhead;
mod page_load;
mod postgres;
mod report;
mod round_trips;
mod scale;
mod seed;
mod stack;
mod stats;
mod throughput;
mod weight;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use serde_json::json;

use report::{Report, Section};
use stack::Stack;

#[derive(Parser)]
#[command(about = "Measures Switchboard against its performance budgets and writes a report")]
struct Args {
    /// The release `switchboard` binary.
    #[arg(long)]
    server_bin: PathBuf,
    /// The release UI build (Trunk's dist).
    #[arg(long)]
    ui_dir: PathBuf,
    /// tests/bench, with its node_modules installed.
    #[arg(long)]
    node_dir: PathBuf,
    /// Where report.md and report.json go.
    #[arg(long)]
    out: PathBuf,
    /// A PostgreSQL server where the bench may create a database, for the server's overhead on
    /// PostgreSQL (`cargo xtask bench` starts one).
    #[arg(long, env = "SWITCHBOARD_TEST_POSTGRES_URL", hide_env_values = true)]
    postgres_url: Option<String>,
    /// Only these parts (comma-separated): weight, first-page, round-trips, live, scale, walk,
    /// overhead, throughput, page-load, search, binary.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

impl Args {
    fn wants(&self, part: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|p| p == part)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let sections = match measure(&args).await {
        Ok(sections) => sections,
        Err(error) => {
            eprintln!("bench: {error}");
            return ExitCode::FAILURE;
        }
    };
    let report = Report {
        machine: machine(),
        seconds: started.elapsed().as_secs_f64(),
        sections,
    };
    if let Err(error) = report.write(&args.out) {
        eprintln!("bench: could not write the report: {error}");
        return ExitCode::FAILURE;
    }
    let (met, missed) = report.budgets().fold(
        (0, 0),
        |(m, x), b| if b.met { (m + 1, x) } else { (m, x + 1) },
    );
    for b in report.budgets() {
        let verdict = if b.met { "met   " } else { "MISSED" };
        println!("{verdict} {}: {} (budget {})", b.what, b.measured, b.budget);
    }
    println!(
        "{met} budgets met, {missed} missed; report: {}",
        args.out.join("report.md").display()
    );
    ExitCode::SUCCESS
}

async fn measure(args: &Args) -> Result<Vec<Section>, String> {
    let stack = Stack::start(&args.server_bin, &args.ui_dir).await?;
    let mut sections = Vec::new();
    if args.wants("weight") {
        println!("1. UI weight…");
        sections.push(or_failed(
            weight::TITLE,
            &[(weight::BUDGET, "≤ 250 KB")],
            weight::measure(&args.ui_dir, &stack.server_url).await,
        ));
    }
    // Round trips runs on the 50 conversations it seeds; the rest need all 10,000.
    seed::pairings(
        &stack.twilio,
        0..round_trips::LIST_ROWS,
        seed::Pairs::Mixed,
        16,
    )
    .await?;
    if args.wants("first-page") {
        println!("1b. First page and moving between pages…");
        sections.push(or_failed(
            first_page::TITLE,
            &[
                (first_page::BUDGET_FIRST_PAGE, "≤ 200 KB"),
                (first_page::BUDGET_MOVE, "≤ 300 ms"),
            ],
            first_page::measure(&stack, &args.node_dir).await,
        ));
    }
    if args.wants("round-trips") {
        println!("2. Upstream round trips…");
        sections.push(or_failed(
            round_trips::TITLE,
            &[("Round trips", "list ≤ 3, detail ≤ 2, create ≤ 1")],
            round_trips::measure(&stack).await,
        ));
    }
    // Before any other server is started: the post-event webhook is pointed at this one.
    if args.wants("live") {
        println!("2b. Live updates…");
        sections.push(or_failed(
            live::TITLE,
            &[(live::BUDGET, "≤ 500 ms")],
            live::measure(&stack, &args.node_dir).await,
        ));
    }
    if ["scale", "overhead", "throughput", "page-load", "walk"]
        .iter()
        .any(|p| args.wants(p))
    {
        println!("3. Seeding {} conversations…", scale::CONVERSATIONS);
        let seeded_in = scale::seed(&stack).await?;
        if args.wants("scale") {
            sections.push(or_failed(
                scale::TITLE,
                &[("Browser: first rows on screen", "≤ 1000 ms")],
                scale::measure(&stack, &args.node_dir, seeded_in).await,
            ));
        }
    }
    if args.wants("walk") {
        println!("3b. The mirror's first walk at 100 ms latency…");
        sections.push(or_failed(
            mirror_walk::TITLE,
            &[(mirror_walk::BUDGET, "≤ 60 s")],
            mirror_walk::measure(&stack).await,
        ));
    }
    if args.wants("overhead") {
        println!("4. Server overhead…");
        let (page, _) = stack.server.get("/conversations?page_size=1").await?;
        let sid = page["conversations"][0]["sid"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        sections.push(or_failed(
            overhead::TITLE,
            &[
                ("Server p99 overhead", "≤ 1 ms"),
                ("Server resident memory", "≤ 50 MB"),
            ],
            overhead::measure(&stack, &stack.server, stack.server_pid, &sid, "").await,
        ));
        println!("4. Server overhead on PostgreSQL…");
        sections.push(or_failed(
            postgres::TITLE,
            &[
                ("Server p99 overhead on PostgreSQL", "≤ 1 ms"),
                ("Server resident memory on PostgreSQL", "≤ 50 MB"),
            ],
            postgres::overhead(&stack, args.postgres_url.as_deref(), &sid).await,
        ));
    }
    if args.wants("throughput") {
        println!("5. Sandbox throughput…");
        sections.push(or_failed(
            throughput::TITLE,
            &[("Inbound messages relayed and announced", "≥ 1000 /s")],
            throughput::measure(&stack).await,
        ));
    }
    if args.wants("search") {
        println!(
            "7. Search across {} conversations…",
            mirror_search::CONVERSATIONS
        );
        sections.push(or_failed(
            mirror_search::TITLE,
            &[
                (
                    "Search across 100,000 conversations, p99, on SQLite",
                    "≤ 50 ms",
                ),
                (
                    "Search across 100,000 conversations, p99, on PostgreSQL",
                    "≤ 50 ms",
                ),
            ],
            mirror_search::measure(&stack, args.postgres_url.as_deref()).await,
        ));
    }
    if args.wants("page-load") {
        println!("6. Page load…");
        sections.push(or_failed(
            page_load::TITLE,
            &[
                ("Lighthouse performance score (median)", "≥ 98"),
                ("Lighthouse LCP (median)", "≤ 1800 ms"),
            ],
            page_load::measure(&stack, &args.node_dir).await,
        ));
    }
    if args.wants("binary") {
        println!("8. The single binary…");
        sections.push(or_failed(
            binary::TITLE,
            &[],
            binary::measure(&args.server_bin).await,
        ));
    }
    Ok(sections)
}

fn or_failed(title: &str, budgets: &[(&str, &str)], result: Result<Section, String>) -> Section {
    result.unwrap_or_else(|error| {
        eprintln!("bench: {title}: {error}");
        Section::failed(title, budgets, &error)
    })
}

fn machine() -> serde_json::Value {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_default();
    let memory_gb = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    json!({
        "cores": cores,
        "cpu": cpu,
        "memory_gb": memory_gb,
        "summary": format!("{cores} cores ({cpu}), {memory_gb:.0} GB"),
    })
}
