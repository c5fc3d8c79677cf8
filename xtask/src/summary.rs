//! Counting what passed and failed across every step, for the closing `N passed, N failed` line.

use std::time::Duration;

pub struct Step {
    pub name: &'static str,
    pub passed: u32,
    pub failed: u32,
    pub took: Duration,
}

#[derive(Default)]
pub struct Summary {
    steps: Vec<Step>,
}

impl Summary {
    pub fn record(&mut self, step: Step) {
        self.steps.push(step);
    }

    pub fn failed(&self) -> u32 {
        self.steps.iter().map(|s| s.failed).sum()
    }

    pub fn print(&self) {
        println!(
            "\n{:<34} {:>7} {:>7} {:>9}",
            "step", "passed", "failed", "seconds"
        );
        for step in &self.steps {
            println!(
                "{:<34} {:>7} {:>7} {:>9.1}",
                step.name,
                step.passed,
                step.failed,
                step.took.as_secs_f64()
            );
        }
        let passed: u32 = self.steps.iter().map(|s| s.passed).sum();
        println!("\n{passed} passed, {} failed", self.failed());
    }
}

/// Sums the `test result: … N passed; M failed` lines that cargo test and wasm-bindgen-test print.
pub fn cargo_test_counts(output: &str) -> (u32, u32) {
    output
        .lines()
        .filter(|l| l.starts_with("test result:"))
        .fold((0, 0), |(passed, failed), line| {
            (
                passed + count_before(line, " passed"),
                failed + count_before(line, " failed"),
            )
        })
}

fn count_before(line: &str, label: &str) -> u32 {
    let Some(end) = line.find(label) else {
        return 0;
    };
    let start = line[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    line[start..end].parse().unwrap_or(0)
}

/// Passed and failed tests from Playwright's JSON report (`stats.expected`, `stats.unexpected`).
pub fn playwright_counts(report: &str) -> Option<(u32, u32)> {
    let report: serde_json::Value = serde_json::from_str(report).ok()?;
    let stats = report.get("stats")?;
    let count = |key: &str| stats.get(key).and_then(|v| v.as_u64()).unwrap_or(0) as u32;
    Some((count("expected") + count("flaky"), count("unexpected")))
}

/// Passed and failed tests from node's test runner: its closing `# pass N` and `# fail N` lines
/// (TAP), or `ℹ pass N` and `ℹ fail N` (spec reporter).
pub fn node_test_counts(output: &str) -> Option<(u32, u32)> {
    let count = |label: &str| {
        output.lines().rev().find_map(|line| {
            let rest = line
                .trim_start_matches(['#', 'ℹ', ' '])
                .strip_prefix(label)?;
            rest.trim().parse::<u32>().ok()
        })
    };
    Some((count("pass ")?, count("fail ")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_every_cargo_test_result_line() {
        let output = "running 2 tests\ntest result: ok. 7 passed; 0 failed; 0 ignored\n\
                      test result: FAILED. 3 passed; 2 failed; 1 ignored\nnoise 9 passed\n";
        assert_eq!(cargo_test_counts(output), (10, 2));
    }

    #[test]
    fn reads_node_test_runner_totals() {
        let tap =
            "ok 1 - lists\nnot ok 2 - relays\n1..2\n# tests 2\n# pass 1\n# fail 1\n# skipped 0\n";
        assert_eq!(node_test_counts(tap), Some((1, 1)));
        let spec = "\u{2714} lists (3ms)\n\u{2139} tests 6\n\u{2139} pass 6\n\u{2139} fail 0\n";
        assert_eq!(node_test_counts(spec), Some((6, 0)));
        assert_eq!(node_test_counts("node: not found"), None);
    }

    #[test]
    fn reads_playwright_stats() {
        let report = r#"{"stats":{"expected":4,"unexpected":1,"flaky":1,"skipped":0}}"#;
        assert_eq!(playwright_counts(report), Some((5, 1)));
        assert_eq!(playwright_counts("not json"), None);
    }
}
