//! The systemd unit the README gives for deploying: systemd's own checker accepts it, and the command
//! it runs, in a working folder of its own, serves the UI it carries, keeps its database there and
//! stops cleanly within the unit's `TimeoutStopSec` on the SIGTERM `systemctl stop` sends.

use std::process::Command;
use std::time::Duration;

use crate::common::process::ServerProcess;

const INSTALLED_AT: &str = "/usr/local/bin/switchboard";

fn readme_unit() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("the README");
    readme
        .split("```ini\n")
        .filter_map(|block| block.split("```").next())
        .find(|block| block.starts_with("# /etc/systemd/system/switchboard.service"))
        .expect("the README gives /etc/systemd/system/switchboard.service")
        .to_owned()
}

fn setting<'a>(unit: &'a str, key: &str) -> &'a str {
    unit.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("the unit sets {key}"))
}

#[test]
fn systemd_accepts_the_readmes_unit() {
    let unit = readme_unit();
    let units = tempfile::tempdir().unwrap();
    // The unit as given, its binary where this build put it rather than where a deployment copies it.
    let here = unit.replace(INSTALLED_AT, env!("CARGO_BIN_EXE_switchboard"));
    std::fs::write(units.path().join("switchboard.service"), here).unwrap();
    let verify = Command::new("systemd-analyze")
        .args(["verify", "--man=no", "switchboard.service"])
        .env(
            "SYSTEMD_UNIT_PATH",
            format!("{}:/usr/lib/systemd/system", units.path().display()),
        )
        .output()
        .expect("systemd-analyze, from Debian's systemd (cargo xtask test installs it)");
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(
        verify.status.success(),
        "systemd-analyze refused the unit: {said}"
    );
    assert!(said.trim().is_empty(), "systemd-analyze warned: {said}");
}

#[tokio::test]
async fn the_units_command_serves_from_its_working_folder_and_stops_on_sigterm() {
    let unit = readme_unit();
    let (program, args) = setting(&unit, "ExecStart")
        .split_once(' ')
        .expect("ExecStart has arguments");
    assert_eq!(program, INSTALLED_AT);
    let mut args: Vec<&str> = args.split_whitespace().collect();
    // The test listens on a free local port instead of the unit's address.
    if let Some(at) = args.iter().position(|a| *a == "--listen") {
        args.drain(at..at + 2);
    }
    let stop_within: u64 = setting(&unit, "TimeoutStopSec").parse().expect("seconds");
    let working = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    // As under systemd: the unit's folder, and only the environment its EnvironmentFile would give.
    command.args(&args).current_dir(working.path()).env_clear();
    let server = ServerProcess::spawn(command, &[]);

    let client = server.anonymous();
    assert_eq!(client.get("/readyz").await.status(), 200);
    let page = client.get("/conversations").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("<html"));
    let kept: Vec<String> = std::fs::read_dir(working.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|name| name.ends_with(".db")),
        "the database is kept in the working folder: {kept:?}"
    );

    server.terminate();
    let (status, log) = server.wait_for_exit(Duration::from_secs(stop_within));
    let log = String::from_utf8_lossy(&log);
    assert!(status.is_some_and(|s| s.success()), "{status:?}\n{log}");
}
