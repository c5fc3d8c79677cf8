//! `cargo xtask test`: every check and test as a step, counted into one summary.

use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::postgres::{self, Provided};
use crate::process::{command, free_port, run, run_capturing};
use crate::summary::{Step, Summary, cargo_test_counts, node_test_counts, playwright_counts};
use crate::tools::{
    Toolchain, ensure_browser_test_tools, ensure_compat_tools, ensure_ui_build_tools,
    ensure_unit_checker,
};
use crate::ui;

const WASM: &str = "wasm32-unknown-unknown";

/// The native crates, every target; the first four arguments alone name them for `cargo test`.
const NATIVE: [&str; 5] = [
    "--locked",
    "--workspace",
    "--exclude",
    "switchboard-ui",
    "--all-targets",
];
const WASM_UI: [&str; 5] = ["--locked", "-p", "switchboard-ui", "--target", WASM];

/// Every check and test; a failing step does not stop the others, and the last line counts them all.
pub fn test() -> Result<ExitCode, String> {
    let tools = Toolchain::new();
    ensure_ui_build_tools(&tools)?;
    ensure_browser_test_tools(&tools)?;
    ensure_unit_checker()?;
    let mut summary = Summary::default();
    // First, so that every step finds the cluster's URL in the environment.
    let postgres = postgres::step(&mut summary);
    lint(&mut summary, &tools);
    // Before the native tests: the secret scan reads the built UI's files.
    let ui_built = check(&mut summary, "UI release build (trunk)", {
        let mut c = command(&tools, "trunk");
        c.args(["build", "--release", "--offline"]);
        c
    });
    tests(
        &mut summary,
        "native unit + integration tests",
        cargo(&tools, &[&["test"], &NATIVE[..4]].concat()),
    );
    on_postgres(&mut summary, &tools, &postgres);
    let mut component_tests = cargo(&tools, &[&["test"], &WASM_UI[..]].concat());
    component_tests.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    // The runner gives ChromeDriver 5 s to start and each test 20 s by default; on a busy two-core
    // machine ChromeDriver alone can take longer, which failed the step with no test run.
    component_tests.env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60");
    component_tests.env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    tests(&mut summary, "component tests in Chromium", component_tests);
    let server_built = check(
        &mut summary,
        "server release build",
        cargo(
            &tools,
            &["build", "--locked", "--release", "-p", "switchboard-server"],
        ),
    );
    against_release_builds(&mut summary, &tools, ui_built, server_built);
    // Stopped before the closing lines, so that the summary ends the output.
    drop(postgres);
    if ui_built {
        print_ui_size();
    }
    summary.print();
    Ok(if summary.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn cargo(tools: &Toolchain, args: &[&str]) -> Command {
    let mut c = command(tools, "cargo");
    c.args(args);
    c
}

/// The server's API tests again, each test server on its own database of the PostgreSQL cluster,
/// with the tests that need several instances on one PostgreSQL database (ignored by a plain
/// `cargo test`, which may have no PostgreSQL).
fn on_postgres(summary: &mut Summary, tools: &Toolchain, postgres: &Provided) {
    if matches!(postgres, Provided::Missing) {
        not_run(
            summary,
            "server API tests on PostgreSQL (not run: no PostgreSQL)",
        );
        return;
    }
    let mut api_tests = cargo(
        tools,
        &[
            "test",
            "--locked",
            "-p",
            "switchboard-server",
            "--test",
            "api",
            "--",
            "--include-ignored",
        ],
    );
    api_tests.env("SWITCHBOARD_TEST_ENGINE", "postgres");
    tests(summary, "server API tests on PostgreSQL", api_tests);
}

/// Formatting, the code map and module docs, and clippy for the native crates and the wasm UI.
fn lint(summary: &mut Summary, tools: &Toolchain) {
    check(
        summary,
        "cargo fmt --check",
        cargo(tools, &["fmt", "--all", "--", "--check"]),
    );
    crate::code_check::step(summary);
    check(
        summary,
        "clippy, native crates",
        cargo(
            tools,
            &[&["clippy"], &NATIVE[..], &["--", "-D", "warnings"]].concat(),
        ),
    );
    check(
        summary,
        "clippy, UI for wasm",
        cargo(
            tools,
            &[
                &["clippy"],
                &WASM_UI[..],
                &["--all-targets", "--", "-D", "warnings"],
            ]
            .concat(),
        ),
    );
}

/// The steps that run the release binaries: end-to-end, the Twilio contract, twilio-node and
/// fuzzing; those whose build failed count as failures.
fn against_release_builds(
    summary: &mut Summary,
    tools: &Toolchain,
    ui_built: bool,
    server_built: bool,
) {
    if ui_built && server_built {
        end_to_end(summary, tools);
    } else {
        not_run(summary, "end-to-end (not run: build failed)");
    }
    crate::contract::contract(summary, tools, free_port);
    if server_built {
        compat(summary, tools);
    } else {
        not_run(summary, "twilio-node compatibility (not run: build failed)");
    }
    if server_built {
        crate::fuzz::fuzz(summary, free_port);
    } else {
        not_run(summary, "API fuzzing (not run: build failed)");
    }
}

/// A step that could not run counts as one failure, so a broken build never reads as green.
fn not_run(summary: &mut Summary, name: &'static str) {
    summary.record(Step {
        name,
        passed: 0,
        failed: 1,
        took: Default::default(),
    });
}

/// A step that passes or fails as a whole.
fn check(summary: &mut Summary, name: &'static str, command: Command) -> bool {
    let started = Instant::now();
    let ok = run(command).map_err(|e| eprintln!("{e}")).is_ok();
    summary.record(Step {
        name,
        passed: ok as u32,
        failed: !ok as u32,
        took: started.elapsed(),
    });
    ok
}

/// A cargo test run, counted test by test; a run that fails without a failing test (a compile error)
/// counts as one failure.
fn tests(summary: &mut Summary, name: &'static str, command: Command) {
    let started = Instant::now();
    let (ok, output) = run_capturing(command).unwrap_or_else(|e| (false, e));
    let (passed, failed) = counted(ok, Some(cargo_test_counts(&output)));
    summary.record(Step {
        name,
        passed,
        failed,
        took: started.elapsed(),
    });
}

/// A run's counts, where a failed run without a failing test (a compile error, a crash) or without
/// readable counts counts as one failure.
fn counted(ok: bool, counts: Option<(u32, u32)>) -> (u32, u32) {
    match counts {
        Some((passed, failed)) if ok || failed > 0 => (passed, failed),
        Some((passed, _)) => (passed, 1),
        None => (0, 1),
    }
}

fn end_to_end(summary: &mut Summary, tools: &Toolchain) {
    let started = Instant::now();
    let root = crate::root();
    let report = root.join("target/e2e-report.json");
    let _ = std::fs::remove_file(&report);
    let port = free_port();
    let mut playwright = command(tools, root.join("tests/e2e/node_modules/.bin/playwright"));
    playwright
        .arg("test")
        .current_dir(root.join("tests/e2e"))
        .env("SWITCHBOARD_BIN", root.join("target/release/switchboard"))
        .env("SWITCHBOARD_E2E_PORT", port.to_string())
        .env("SWITCHBOARD_E2E_REPORT", &report);
    let ok = run(playwright).map_err(|e| eprintln!("{e}")).is_ok();
    let counts = std::fs::read_to_string(&report)
        .ok()
        .and_then(|r| playwright_counts(&r));
    let (passed, failed) = counted(ok, counts);
    summary.record(Step {
        name: "end-to-end in Chromium (Playwright)",
        passed,
        failed,
        took: started.elapsed(),
    });
}

/// Twilio's official Node library (tests/compat) driving `switchboard sandbox` through the seed
/// flows, with only its base URLs changed.
fn compat(summary: &mut Summary, tools: &Toolchain) {
    let started = Instant::now();
    let (passed, failed) = match ensure_compat_tools(tools) {
        Err(e) => {
            eprintln!("{e}");
            (0, 1)
        }
        Ok(()) => {
            let root = crate::root();
            let mut node = command(tools, "node");
            node.args(["--test", "--test-reporter=tap"])
                .current_dir(root.join("tests/compat"))
                .env("SWITCHBOARD_BIN", root.join("target/release/switchboard"));
            let (ok, output) = run_capturing(node).unwrap_or_else(|e| (false, e));
            counted(ok, node_test_counts(&output))
        }
    };
    summary.record(Step {
        name: "twilio-node against the sandbox",
        passed,
        failed,
        took: started.elapsed(),
    });
}

fn print_ui_size() {
    match ui::sizes() {
        Ok(files) => {
            println!("\nUI release build ({}):", ui::dist_dir().display());
            let on_demand = |name: &str| {
                let file = name.rsplit('/').next().unwrap_or(name);
                file.starts_with("split_") || file.starts_with("chunk_")
            };
            for (name, raw, gzip) in files.iter().filter(|(name, ..)| !on_demand(name)) {
                println!("  {name:<44} {raw:>9} B raw {gzip:>8} B gzip");
            }
            let later: Vec<_> = files.iter().filter(|(name, ..)| on_demand(name)).collect();
            let later_gzip: u64 = later.iter().map(|(_, _, gzip)| gzip).sum();
            println!(
                "  {} modules loaded on demand: {later_gzip} B gzip",
                later.len()
            );
            let total: u64 = files.iter().map(|(_, _, gzip)| gzip).sum();
            println!("  total {total} B gzip");
        }
        Err(e) => eprintln!("{e}"),
    }
}
