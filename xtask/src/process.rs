//! Running the project's tools: commands in the workspace root with the installed tools on PATH,
//! echoed or captured, with what failed said in a sentence.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::tools::Toolchain;

/// A command in the workspace root with the project's tools first on PATH.
pub fn command(tools: &Toolchain, program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(crate::root())
        .env("PATH", tools.path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true");
    command
}

/// Runs `command` to the end, echoing its output; `Err` says what failed.
pub fn run(mut command: Command) -> Result<(), String> {
    let shown = describe(&command);
    println!("$ {shown}");
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    println!("  ({:.1} s)", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `command`, echoing and keeping its standard output (for counting tests); `Ok(false)` when it
/// exits non-zero.
pub fn run_capturing(mut command: Command) -> Result<(bool, String), String> {
    let shown = describe(&command);
    println!("$ {shown}");
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let mut captured = String::new();
    for line in BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
        let line = line.map_err(|e| format!("reading `{shown}`: {e}"))?;
        println!("{line}");
        captured.push_str(&line);
        captured.push('\n');
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for `{shown}`: {e}"))?;
    println!("  ({:.1} s)", started.elapsed().as_secs_f64());
    Ok((status.success(), captured))
}

/// Runs `command` to the end, showing only its command line; `Err` says what failed, with the last
/// lines it printed.
pub fn run_quietly(mut command: Command) -> Result<(), String> {
    let shown = describe(&command);
    println!("$ {shown}");
    let output = command
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let printed = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    Err(format!(
        "`{shown}` failed ({}):\n{}",
        output.status,
        last_lines(&printed, 20)
    ))
}

/// The last `count` lines of `text`, for an error that quotes a tool's output or log.
pub fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18080)
}

/// The first line `program --version` prints, or `None` when it is not installed.
pub fn version_of(tools: &Toolchain, program: &str) -> Option<String> {
    let output = command(tools, program).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    output
        .status
        .success()
        .then(|| text.lines().next().unwrap_or("").trim().to_owned())
}

fn describe(command: &Command) -> String {
    let mut shown = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        shown.push(' ');
        shown.push_str(&arg.to_string_lossy());
    }
    shown
}
