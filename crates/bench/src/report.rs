//! The report: each section's figures as JSON and as markdown, and every budget met or missed.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

/// One budget from the performance issue, with what this run measured against it.
#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub what: String,
    pub budget: String,
    pub measured: String,
    pub met: bool,
    /// When missed: by how much, in the budget's unit.
    pub missed_by: Option<String>,
}

impl Budget {
    /// A budget that `measured` must not exceed.
    pub fn at_most(what: &str, limit: f64, measured: f64, unit: &str) -> Budget {
        Budget {
            what: what.into(),
            budget: format!("≤ {} {unit}", trim(limit)),
            measured: format!("{} {unit}", trim(measured)),
            met: measured <= limit,
            missed_by: (measured > limit).then(|| format!("{} {unit}", trim(measured - limit))),
        }
    }

    /// A budget that `measured` must reach.
    pub fn at_least(what: &str, floor: f64, measured: f64, unit: &str) -> Budget {
        Budget {
            what: what.into(),
            budget: format!("≥ {} {unit}", trim(floor)),
            measured: format!("{} {unit}", trim(measured)),
            met: measured >= floor,
            missed_by: (measured < floor).then(|| format!("{} {unit}", trim(floor - measured))),
        }
    }

    /// A part that could not be measured at all counts as missed.
    pub fn not_measured(what: &str, budget: &str, why: &str) -> Budget {
        Budget {
            what: what.into(),
            budget: budget.into(),
            measured: format!("not measured: {why}"),
            met: false,
            missed_by: None,
        }
    }
}

fn trim(value: f64) -> String {
    let text = if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    };
    match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.').to_owned(),
        false => text,
    }
}

/// One numbered part of the report.
#[derive(Debug, Serialize)]
pub struct Section {
    pub title: String,
    pub budgets: Vec<Budget>,
    /// The figures behind the budgets, for tools.
    pub data: Value,
    /// The same figures for people.
    #[serde(skip)]
    pub markdown: String,
}

impl Section {
    /// A section whose measurement failed: the report says so instead of stopping.
    pub fn failed(title: &str, budgets: &[(&str, &str)], error: &str) -> Section {
        Section {
            title: title.into(),
            budgets: budgets
                .iter()
                .map(|(what, budget)| Budget::not_measured(what, budget, error))
                .collect(),
            data: serde_json::json!({ "error": error }),
            markdown: format!("Not measured: {error}\n"),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub machine: Value,
    pub seconds: f64,
    pub sections: Vec<Section>,
}

impl Report {
    pub fn budgets(&self) -> impl Iterator<Item = &Budget> {
        self.sections.iter().flat_map(|s| s.budgets.iter())
    }

    pub fn write(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let json = serde_json::to_string_pretty(self).expect("the report is plain data");
        std::fs::write(dir.join("report.json"), json).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("report.md"), self.markdown()).map_err(|e| e.to_string())
    }

    fn markdown(&self) -> String {
        let mut md = String::from("# Switchboard benchmark\n\n");
        md.push_str(&format!(
            "Machine: {}. The whole run took {:.0} s. Timings are min / median / max over repeats in this run.\n\n",
            self.machine["summary"].as_str().unwrap_or("unknown"),
            self.seconds
        ));
        md.push_str("## Budgets\n\n| | budget | measured | |\n|---|---|---|---|\n");
        for b in self.budgets() {
            let verdict = match (&b.missed_by, b.met) {
                (_, true) => "met".to_owned(),
                (Some(by), false) => format!("**missed by {by}**"),
                (None, false) => "**missed**".to_owned(),
            };
            md.push_str(&format!(
                "| {} | {} | {} | {verdict} |\n",
                b.what, b.budget, b.measured
            ));
        }
        for (n, section) in self.sections.iter().enumerate() {
            md.push_str(&format!(
                "\n## {}. {}\n\n{}",
                n + 1,
                section.title,
                section.markdown
            ));
        }
        md
    }
}
