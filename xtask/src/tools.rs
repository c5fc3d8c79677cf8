//! The toolchain pieces Switchboard needs, each checked and installed when missing: only from
//! crates.io, npm and Debian, never a downloaded binary.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::process::{command, run, version_of};

/// Trunk 0.22 needs a newer rustc than this machine's; 0.21.14 builds here.
const TRUNK_VERSION: &str = "0.21.14";
/// wasm-opt from npm's binaryen: Debian's older one produces builds that crash in the browser.
const BINARYEN_VERSION: &str = "132.0.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Where the project's tools live, in PATH order.
pub struct Toolchain {
    bin_dirs: Vec<PathBuf>,
}

impl Toolchain {
    pub fn new() -> Self {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
            .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
        Toolchain {
            bin_dirs: vec![
                npm_tools_dir().join("node_modules/.bin"),
                cargo_home.join("bin"),
            ],
        }
    }

    /// PATH with the project's tool folders first.
    pub fn path(&self) -> OsString {
        let existing = std::env::var_os("PATH").unwrap_or_default();
        let dirs = self
            .bin_dirs
            .iter()
            .cloned()
            .chain(std::env::split_paths(&existing));
        std::env::join_paths(dirs).expect("tool paths hold no separator")
    }
}

fn npm_tools_dir() -> PathBuf {
    crate::root().join("target/tools")
}

/// Everything `trunk build` needs.
pub fn ensure_ui_build_tools(tools: &Toolchain) -> Result<(), String> {
    ensure_wasm_target(tools)?;
    ensure_trunk(tools)?;
    ensure_wasm_bindgen(tools)?;
    ensure_wasm_opt(tools)
}

/// Everything the browser tests need, on top of the UI build tools.
pub fn ensure_browser_test_tools(tools: &Toolchain) -> Result<(), String> {
    ensure_chromium()?;
    ensure_playwright(tools)
}

fn ensure_wasm_target(tools: &Toolchain) -> Result<(), String> {
    let output = command(tools, "rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the {WASM_TARGET} target: {e}"))?;
    if String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|line| line.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    run({
        let mut c = command(tools, "rustup");
        c.args(["target", "add", WASM_TARGET]);
        c
    })
}

fn ensure_trunk(tools: &Toolchain) -> Result<(), String> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if version_of(tools, "trunk").as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    println!("Installing trunk {TRUNK_VERSION} from crates.io…");
    run({
        let mut c = command(tools, "cargo");
        c.args([
            "install",
            "--locked",
            "--force",
            &format!("trunk@{TRUNK_VERSION}"),
        ]);
        // Trunk's own release profile (fat LTO, one codegen unit) more than doubles its build on 2
        // cores, for a tool whose time goes into the compilers it runs.
        c.env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
        c
    })
}

fn ensure_wasm_bindgen(tools: &Toolchain) -> Result<(), String> {
    let version = locked_wasm_bindgen_version()?;
    let pinned = trunk_pinned_wasm_bindgen()?;
    if pinned != version {
        return Err(format!(
            "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {version}: make them equal"
        ));
    }
    let wanted = format!("wasm-bindgen {version}");
    let runner = version_of(tools, "wasm-bindgen-test-runner");
    if version_of(tools, "wasm-bindgen").as_deref() == Some(wanted.as_str()) && runner.is_some() {
        return Ok(());
    }
    println!("Installing wasm-bindgen-cli {version} from crates.io…");
    // Not --locked: the CLI's own lockfile pins a webpki-roots version the registry no longer serves.
    run({
        let mut c = command(tools, "cargo");
        c.args(["install", "--force", &format!("wasm-bindgen-cli@{version}")]);
        c
    })
}

fn ensure_wasm_opt(tools: &Toolchain) -> Result<(), String> {
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    if version_of(tools, "wasm-opt").is_some_and(|v| v.contains(&format!("version {major}"))) {
        return Ok(());
    }
    let dir = npm_tools_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    run({
        let mut c = command(tools, "npm");
        c.args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(format!("binaryen@{BINARYEN_VERSION}"));
        c
    })
}

fn ensure_chromium() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"], "browser tests")
}

/// systemd's unit checker, for the test of the README's systemd unit.
pub fn ensure_unit_checker() -> Result<(), String> {
    if Path::new("/usr/bin/systemd-analyze").exists() {
        return Ok(());
    }
    apt_install(&["systemd"], "the test of the README's systemd unit")
}

/// Everything `cargo xtask bench` needs on top of the browser test tools: wrk, Lighthouse.
pub fn ensure_bench_tools(tools: &Toolchain) -> Result<(), String> {
    ensure_chromium()?;
    if !Path::new("/usr/bin/wrk").exists() {
        apt_install(&["wrk"], "the load measurements")?;
    }
    npm_ci_when_stale(tools, &crate::root().join("tests/bench"))
}

/// `apt-get install` of Debian packages; `needed_for` says what needs them in the error.
pub fn apt_install(packages: &[&str], needed_for: &str) -> Result<(), String> {
    println!("Installing {} from Debian…", packages.join(" and "));
    let mut update = std::process::Command::new("apt-get");
    update.arg("update");
    run(update).map_err(|e| {
        format!(
            "{e}: {needed_for} need `apt-get install {}` as root",
            packages.join(" ")
        )
    })?;
    let mut install = std::process::Command::new("apt-get");
    install.args(["install", "-y", "--no-install-recommends"]);
    install.args(packages);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    run(install)
}

fn ensure_playwright(tools: &Toolchain) -> Result<(), String> {
    npm_ci_when_stale(tools, &crate::root().join("tests/e2e"))
}

/// The official twilio-node library the compatibility test drives the sandbox with.
pub fn ensure_compat_tools(tools: &Toolchain) -> Result<(), String> {
    npm_ci_when_stale(tools, &crate::root().join("tests/compat"))
}

/// Prism, the spec-validating mock the Twilio client's contract test runs against.
pub fn ensure_contract_tools(tools: &Toolchain) -> Result<(), String> {
    npm_ci_when_stale(tools, &crate::root().join("tests/contract"))
}

/// `npm ci` in `dir` unless its node_modules is newer than its package-lock.json.
fn npm_ci_when_stale(tools: &Toolchain, dir: &Path) -> Result<(), String> {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let fresh = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run({
        let mut c = command(tools, "npm");
        c.args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        c
    })
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The wasm-bindgen version Cargo.lock resolved: the CLI must be exactly this one.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock could not be read: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'));
            return version
                .map(str::to_owned)
                .ok_or_else(|| "Cargo.lock's wasm-bindgen entry has no version".into());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn trunk_pinned_wasm_bindgen() -> Result<String, String> {
    let trunk = std::fs::read_to_string(crate::root().join("Trunk.toml"))
        .map_err(|e| format!("Trunk.toml could not be read: {e}"))?;
    trunk
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("wasm_bindgen = \"")?
                .split('"')
                .next()
                .map(str::to_owned)
        })
        .ok_or_else(|| "Trunk.toml must pin [tools] wasm_bindgen".into())
}
