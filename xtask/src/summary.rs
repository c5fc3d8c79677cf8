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
    fn reads_playwright_stats() {
        let report = r#"{"stats":{"expected":4,"unexpected":1,"flaky":1,"skipped":0}}"#;
        assert_eq!(playwright_counts(report), Some((5, 1)));
        assert_eq!(playwright_counts("not json"), None);
    }
}
