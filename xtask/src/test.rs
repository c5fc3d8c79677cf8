//! `cargo xtask test`: every check and test as a step, counted into one summary.

use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::process::{command, run, run_capturing};
use crate::summary::{Step, Summary, cargo_test_counts, node_test_counts, playwright_counts};
use crate::tools::{
    Toolchain, ensure_browser_test_tools, ensure_compat_tools, ensure_ui_build_tools,
};
use crate::ui;

const WASM: &str = "wasm32-unknown-unknown";

/// Every check and test; a failing step does not stop the others, and the last line counts them all.
pub fn test() -> Result<ExitCode, String> {
    let tools = Toolchain::new();
    ensure_ui_build_tools(&tools)?;
    ensure_browser_test_tools(&tools)?;
    let cargo = |args: &[&str]| {
        let mut c = command(&tools, "cargo");
        c.args(args);
        c
    };
    let mut summary = Summary::default();
    check(
        &mut summary,
        "cargo fmt --check",
        cargo(&["fmt", "--all", "--", "--check"]),
    );
    crate::code_check::step(&mut summary);
    let native = [
        "--locked",
        "--workspace",
        "--exclude",
        "switchboard-ui",
        "--all-targets",
    ];
    check(
        &mut summary,
        "clippy, native crates",
        cargo(&[&["clippy"], &native[..], &["--", "-D", "warnings"]].concat()),
    );
    let wasm_ui = ["--locked", "-p", "switchboard-ui", "--target", WASM];
    check(
        &mut summary,
        "clippy, UI for wasm",
        cargo(
            &[
                &["clippy"],
                &wasm_ui[..],
                &["--all-targets", "--", "-D", "warnings"],
            ]
            .concat(),
        ),
    );
    // Before the native tests: the secret scan reads the built UI's files.
    let ui_built = check(&mut summary, "UI release build (trunk)", {
        let mut c = command(&tools, "trunk");
        c.args(["build", "--release", "--offline"]);
        c
    });
    tests(
        &mut summary,
        "native unit + integration tests",
        cargo(&[&["test"], &native[..4]].concat()),
    );
    let mut component_tests = cargo(&[&["test"], &wasm_ui[..]].concat());
    component_tests.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    tests(&mut summary, "component tests in Chromium", component_tests);
    let server_built = check(
        &mut summary,
        "server release build",
        cargo(&["build", "--locked", "--release", "-p", "switchboard-server"]),
    );
    if ui_built && server_built {
        end_to_end(&mut summary, &tools);
    } else {
        not_run(&mut summary, "end-to-end (not run: build failed)");
    }
    crate::contract::contract(&mut summary, &tools, free_port);
    if server_built {
        compat(&mut summary, &tools);
    } else {
        not_run(
            &mut summary,
            "twilio-node compatibility (not run: build failed)",
        );
    }
    if server_built {
        crate::fuzz::fuzz(&mut summary, free_port);
    } else {
        not_run(&mut summary, "API fuzzing (not run: build failed)");
    }
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
    let (passed, mut failed) = cargo_test_counts(&output);
    if !ok && failed == 0 {
        failed = 1;
    }
    summary.record(Step {
        name,
        passed,
        failed,
        took: started.elapsed(),
    });
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
        .env("SWITCHBOARD_UI_DIR", ui::dist_dir())
        .env("SWITCHBOARD_E2E_PORT", port.to_string())
        .env("SWITCHBOARD_E2E_REPORT", &report);
    let ok = run(playwright).map_err(|e| eprintln!("{e}")).is_ok();
    let counts = std::fs::read_to_string(&report)
        .ok()
        .and_then(|r| playwright_counts(&r));
    let (passed, failed) = match counts {
        Some((passed, failed)) if ok || failed > 0 => (passed, failed),
        Some((passed, _)) => (passed, 1),
        None => (0, 1),
    };
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
            match node_test_counts(&output) {
                Some((passed, failed)) if ok || failed > 0 => (passed, failed),
                Some((passed, _)) => (passed, 1),
                None => (0, 1),
            }
        }
    };
    summary.record(Step {
        name: "twilio-node against the sandbox",
        passed,
        failed,
        took: started.elapsed(),
    });
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18080)
}

fn print_ui_size() {
    match ui::sizes() {
        Ok(files) => {
            println!("\nUI release build ({}):", ui::dist_dir().display());
            for (name, raw, gzip) in &files {
                println!("  {name:<44} {raw:>9} B raw {gzip:>8} B gzip");
            }
            let total: u64 = files.iter().map(|(_, _, gzip)| gzip).sum();
            println!("  total transfer {total} B gzip");
        }
        Err(e) => eprintln!("{e}"),
    }
}
