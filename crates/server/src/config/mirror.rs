//! The account mirror's options: how often the reconcile runs and how many upstream calls one run
//! may make.

use std::time::Duration;

use super::ConfigError;

/// Minutes between reconciles when none is configured.
pub const RECONCILE_EVERY_MINUTES: u32 = 10;
/// Upstream calls one reconcile may make when none is configured.
pub const RECONCILE_BUDGET: u32 = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MirrorOptions {
    pub reconcile_every: Duration,
    pub reconcile_budget: u32,
}

impl Default for MirrorOptions {
    fn default() -> Self {
        MirrorOptions {
            reconcile_every: Duration::from_secs(u64::from(RECONCILE_EVERY_MINUTES) * 60),
            reconcile_budget: RECONCILE_BUDGET,
        }
    }
}

/// The options from `--mirror-reconcile-minutes` and `--mirror-reconcile-budget`, each at least 1.
pub fn options(minutes: Option<u32>, budget: Option<u32>) -> Result<MirrorOptions, ConfigError> {
    let defaults = MirrorOptions::default();
    if minutes == Some(0) {
        return Err(ConfigError::Mirror(
            "SWITCHBOARD_MIRROR_RECONCILE_MINUTES must be at least 1",
        ));
    }
    if budget.is_some_and(|b| b < 10) {
        return Err(ConfigError::Mirror(
            "SWITCHBOARD_MIRROR_RECONCILE_BUDGET must be at least 10 calls, so a run can read one page and a conversation",
        ));
    }
    Ok(MirrorOptions {
        reconcile_every: minutes.map_or(defaults.reconcile_every, |m| {
            Duration::from_secs(u64::from(m) * 60)
        }),
        reconcile_budget: budget.unwrap_or(defaults.reconcile_budget),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_refusals() {
        assert_eq!(options(None, None).unwrap(), MirrorOptions::default());
        assert_eq!(
            options(Some(2), Some(50)).unwrap().reconcile_every,
            Duration::from_secs(120)
        );
        assert!(options(Some(0), None).is_err());
        assert!(options(None, Some(3)).is_err());
    }
}
