//! Each rule of the code check catching a violation in a small tree and passing a clean one.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use super::*;

const ARCHITECTURE: &str = "# Architecture

`src/outside/` is not in the code map.

## Code map

| path | what it is |
|---|---|
| `Cargo.toml`, `style/` | the workspace |
| `src/` | the UI: `src/main.rs` mounts `App`; `config` and `/api/v1/info` are not paths |
| `xtask/` | `cargo xtask run | test`: `xtask/src/test.rs` |

## Invariants

- `src/also-outside.rs` is not in the code map.
";

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.to_owned(),
        text: text.to_owned(),
    }
}

fn problems_of(rule: &str, sources: &[Source]) -> Vec<String> {
    let present: BTreeSet<&str> = ["Cargo.toml", "style/", "src/", "src/main.rs", "xtask/"].into();
    check(ARCHITECTURE, sources, |p| present.contains(p))
        .into_iter()
        .find(|r| r.name.contains(rule))
        .expect("the rule exists")
        .problems
}

#[test]
fn a_code_map_path_that_is_missing_is_named() {
    let problems = problems_of("code map", &[]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("`xtask/src/test.rs`, which does not exist"));
}

#[test]
fn a_code_map_of_existing_paths_passes_and_prose_is_not_a_path() {
    let all = |_: &str| true;
    let rules = check(ARCHITECTURE, &[], all);
    assert!(rules[0].problems.is_empty());
    let mut asked = Vec::new();
    missing_code_map_paths(ARCHITECTURE, |p| {
        asked.push(p.to_owned());
        true
    });
    let expected = [
        "Cargo.toml",
        "src/",
        "src/main.rs",
        "style/",
        "xtask/",
        "xtask/src/test.rs",
    ];
    assert_eq!(asked, expected);
}

#[test]
fn architecture_without_a_code_map_fails() {
    let rules = check("# Architecture\n", &[], |_| true);
    assert_eq!(
        rules[0].problems,
        ["ARCHITECTURE.md has no `## Code map` section."]
    );
}

#[test]
fn a_module_without_a_doc_line_is_named_and_documented_ones_pass() {
    let sources = [
        source("src/app.rs", "//! The router.\nuse leptos::*;\n"),
        source("crates/server/tests/common/mod.rs", "use std::fs;\n"),
        source("xtask/src/ui.rs", "\n//! Starts with a blank line.\n"),
    ];
    let problems = problems_of("`//!`", &sources);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("crates/server/tests/common/mod.rs does not start"));
    assert!(problems[1].starts_with("xtask/src/ui.rs does not start"));
    assert!(problems_of("`//!`", &sources[..1]).is_empty());
}

#[test]
fn http_outside_the_api_module_is_caught() {
    for needle in HTTP {
        let text = format!("//! A page.\nfn load() {{ {needle}(); }}\n");
        let sources = [source("src/pages/conversations.rs", &text)];
        let problems = problems_of("HTTP", &sources);
        assert_eq!(problems.len(), 1, "{needle}: {problems:?}");
        assert!(problems[0].starts_with("src/pages/conversations.rs:2 makes an HTTP call"));
    }
    let file_beside_the_folder = [source("src/api.rs", "use gloo_net::http::Request;\n")];
    assert_eq!(problems_of("HTTP", &file_beside_the_folder).len(), 1);
}

#[test]
fn http_inside_the_api_module_in_comments_or_outside_the_ui_passes() {
    let sources = [
        source("src/api/mod.rs", "use gloo_net::http::Request;\n"),
        source(
            "src/pages/x.rs",
            "//! Never `gloo_net` here.\n  // nor fetch_with\n",
        ),
        source("crates/bench/src/node.rs", "use gloo_net::http;\n"),
    ];
    assert!(problems_of("HTTP", &sources).is_empty());
}

#[test]
fn placeholders_filled_outside_the_catalog_are_caught() {
    let text = "//! A toast.\nlet s = t.replace(\"{name}\", &name);\n";
    let problems = problems_of("placeholders", &[source("src/components/toasts.rs", text)]);
    let sentence = "src/components/toasts.rs:2 fills a placeholder (`.replace(\"{`) \
                    outside the message catalog (src/i18n.rs, src/i18n/).";
    assert_eq!(problems, [sentence]);
}

#[test]
fn placeholders_filled_in_the_catalog_pass() {
    let text = "t.replace(\"{name}\", &name)\n";
    let sources = [
        source("src/i18n.rs", text),
        source("src/i18n/es.rs", text),
        source("crates/core/src/template.rs", text),
    ];
    assert!(problems_of("placeholders", &sources).is_empty());
}

struct TempTree(PathBuf);

impl TempTree {
    fn new(name: &str, files: &[(&str, &str)]) -> Self {
        let root = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for (path, text) in files {
            let file = root.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
        TempTree(root)
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const DOC: &str = "//! A module.\n";

#[test]
fn the_walk_finds_every_module_root_and_skips_tool_folders() {
    let tree = TempTree::new(
        "walk",
        &[
            ("src/main.rs", DOC),
            ("src/pages/mod.rs", DOC),
            ("tests/components.rs", DOC),
            ("tests/e2e/node_modules/pkg/build.rs", ""),
            ("crates/core/src/lib.rs", DOC),
            ("crates/server/tests/common/mod.rs", DOC),
            ("crates/server/target/debug/build/out.rs", ""),
            ("crates/server/build.rs", ""),
            ("xtask/src/main.rs", DOC),
            ("src/notes.md", ""),
        ],
    );
    let found: Vec<String> = rust_sources(&tree.0)
        .unwrap()
        .into_iter()
        .map(|s| s.path)
        .collect();
    let expected = [
        "crates/core/src/lib.rs",
        "crates/server/tests/common/mod.rs",
        "src/main.rs",
        "src/pages/mod.rs",
        "tests/components.rs",
        "xtask/src/main.rs",
    ];
    assert_eq!(found, expected);
}

#[test]
fn a_clean_tree_passes_and_a_broken_one_fails() {
    let map = "## Code map\n\n| `src/`, `src/main.rs` | the UI |\n";
    let clean = TempTree::new("clean", &[("ARCHITECTURE.md", map), ("src/main.rs", DOC)]);
    assert_eq!(check_and_print(&clean.0), (4, 0));
    let broken = TempTree::new(
        "broken",
        &[
            ("ARCHITECTURE.md", map),
            ("src/main.rs", "fn main() { x.replace(\"{n}\", \"1\"); }\n"),
        ],
    );
    let rules = check_tree(&broken.0).unwrap();
    let broken_rules: Vec<_> = rules.iter().filter(|r| !r.problems.is_empty()).collect();
    assert_eq!(broken_rules.len(), 2);
    assert_eq!(check_and_print(&broken.0), (2, 2));
    assert_eq!(check_and_print(&broken.0.join("nowhere")), (0, 1));
}
