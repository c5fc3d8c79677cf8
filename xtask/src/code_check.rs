//! `cargo xtask check-code`, also a step of `cargo xtask test`: ARCHITECTURE.md's code map names only
//! paths that exist, every Rust module opens with a `//!` line, and the UI keeps its HTTP in
//! `src/api/` and its placeholder filling in the message catalog (`src/i18n.rs`, `src/i18n/`).
//!
//! In the code map a backticked token is a path, written from the repository root, when it has no
//! space, does not start with `/` (that is a URL) and contains a `/` or ends in `.rs`, `.toml`,
//! `.html` or `.ts`; a trailing `/` means a folder. Anything else (modules, types, commands) is prose.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::summary::{Step, Summary};

/// A Rust file: its path from the repository root (with `/`) and its text.
pub struct Source {
    pub path: String,
    pub text: String,
}

/// One rule and the sentences saying where the tree breaks it; none when it holds.
pub struct Rule {
    pub name: &'static str,
    pub problems: Vec<String>,
}

const PATH_ENDINGS: [&str; 4] = [".rs", ".toml", ".html", ".ts"];
const HTTP: [&str; 5] = [
    "gloo_net",
    "web_sys::Request",
    "window().fetch",
    "fetch_with",
    "XmlHttpRequest",
];
const PLACEHOLDER: [&str; 1] = [".replace(\"{"];
/// Folders under the module roots that hold no project module (and can be huge).
const SKIPPED_DIRS: [&str; 2] = ["node_modules", "target"];

/// `cargo xtask check-code`: the rules on this checkout, each said to hold or not.
pub fn alone() -> Result<ExitCode, String> {
    let (_, failed) = check_and_print(&crate::root());
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The step in `cargo xtask test`: one count per rule.
pub fn step(summary: &mut Summary) {
    let started = Instant::now();
    let (passed, failed) = check_and_print(&crate::root());
    summary.record(Step {
        name: "code map and module rules",
        passed,
        failed,
        took: started.elapsed(),
    });
}

/// Rules that hold and rules that do not; a tree that cannot be read counts as one failure.
fn check_and_print(root: &Path) -> (u32, u32) {
    let rules = match check_tree(root) {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("{e}");
            return (0, 1);
        }
    };
    for rule in &rules {
        let verdict = if rule.problems.is_empty() {
            "ok"
        } else {
            "FAIL"
        };
        println!("{verdict:<5} {}", rule.name);
        for problem in &rule.problems {
            println!("      - {problem}");
        }
    }
    let failed = rules.iter().filter(|r| !r.problems.is_empty()).count() as u32;
    (rules.len() as u32 - failed, failed)
}

pub fn check_tree(root: &Path) -> Result<Vec<Rule>, String> {
    let architecture = fs::read_to_string(root.join("ARCHITECTURE.md"))
        .map_err(|e| format!("could not read ARCHITECTURE.md: {e}"))?;
    let sources = rust_sources(root)?;
    Ok(check(&architecture, &sources, |path| {
        root.join(path).exists()
    }))
}

/// Every rule over the given files; `exists` answers for a path from the repository root.
pub fn check(architecture: &str, sources: &[Source], exists: impl Fn(&str) -> bool) -> Vec<Rule> {
    let module_docs = sources
        .iter()
        .filter(|s| !s.text.starts_with("//!"))
        .map(|s| {
            format!(
                "{} does not start with a `//!` line saying what the module is for.",
                s.path
            )
        })
        .collect();
    vec![
        Rule {
            name: "the code map names only paths that exist",
            problems: missing_code_map_paths(architecture, exists),
        },
        Rule {
            name: "every Rust module opens with a `//!` line",
            problems: module_docs,
        },
        Rule {
            name: "the UI talks HTTP only in src/api/",
            problems: ui_lines_using(
                sources,
                &HTTP,
                &["src/api/"],
                ("makes an HTTP call", "outside src/api/"),
            ),
        },
        Rule {
            name: "the UI fills placeholders only in its message catalog",
            problems: ui_lines_using(
                sources,
                &PLACEHOLDER,
                &["src/i18n.rs", "src/i18n/"],
                (
                    "fills a placeholder",
                    "outside the message catalog (src/i18n.rs, src/i18n/)",
                ),
            ),
        },
    ]
}

fn missing_code_map_paths(architecture: &str, mut exists: impl FnMut(&str) -> bool) -> Vec<String> {
    let mut lines = architecture.lines();
    if !lines.any(|l| l.trim() == "## Code map") {
        return vec!["ARCHITECTURE.md has no `## Code map` section.".to_owned()];
    }
    let mut paths: Vec<&str> = lines
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with('|'))
        .flat_map(|l| l.split('`').skip(1).step_by(2))
        .filter(|token| is_path(token))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .filter(|path| !exists(path))
        .map(|path| {
            format!(
                "ARCHITECTURE.md's code map names `{path}`, which does not exist \
                 (code map paths are written from the repository root)."
            )
        })
        .collect()
}

fn is_path(token: &str) -> bool {
    !token.contains(' ')
        && !token.starts_with('/')
        && (token.contains('/') || PATH_ENDINGS.iter().any(|end| token.ends_with(end)))
}

/// Lines of UI files (under `src/`, outside `allowed`) whose code, not a comment, uses any of `needles`.
fn ui_lines_using(
    sources: &[Source],
    needles: &[&str],
    allowed: &[&str],
    (what, outside): (&str, &str),
) -> Vec<String> {
    let ui = sources
        .iter()
        .filter(|s| s.path.starts_with("src/") && !allowed.iter().any(|a| s.path.starts_with(a)));
    let mut problems = Vec::new();
    for source in ui {
        for (number, line) in source.text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(needle) = needles.iter().find(|n| line.contains(*n)) {
                problems.push(format!(
                    "{}:{} {what} (`{needle}`) {outside}.",
                    source.path,
                    number + 1
                ));
            }
        }
    }
    problems
}

/// Every `.rs` file under `src/`, `tests/`, `xtask/src/` and each crate's `src/` and `tests/`.
pub fn rust_sources(root: &Path) -> Result<Vec<Source>, String> {
    let mut dirs: Vec<PathBuf> = ["src", "tests", "xtask/src"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    for krate in fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .flatten()
    {
        dirs.push(krate.path().join("src"));
        dirs.push(krate.path().join("tests"));
    }
    let mut files = Vec::new();
    for dir in &dirs {
        collect_rust_files(dir, &mut files);
    }
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = fs::read_to_string(&file)
                .map_err(|e| format!("could not read {}: {e}", file.display()))?;
            let relative = file.strip_prefix(root).unwrap_or(&file);
            let path = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Ok(Source { path, text })
        })
        .collect()
}

fn collect_rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_str()) {
                collect_rust_files(&path, files);
            }
        } else if name.ends_with(".rs") {
            files.push(path);
        }
    }
}

#[cfg(test)]
mod tests;
