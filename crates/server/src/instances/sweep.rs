//! Every instance, at start and every `EVERY` after, takes over the background work nobody alive
//! holds: import rows, opt-in relays halfway through a step, pairings still to settle.

use std::time::Duration;

use crate::state::AppState;

/// How often each instance looks for work to take over.
pub const EVERY: Duration = Duration::from_secs(2);

/// Sweeps until the process ends.
pub async fn run(state: AppState) {
    loop {
        once(&state).await;
        tokio::time::sleep(EVERY).await;
    }
}

/// One sweep: each kind of work started (or resumed) here when nobody alive holds it.
pub async fn once(state: &AppState) {
    crate::imports::take_over(state).await;
    crate::bulk_end::take_over(state).await;
    crate::pairing::unsettled::take_over(state).await;
    crate::opt_in::take_over(state).await;
    crate::mirror::take_over(state).await;
    if let Err(error) = super::forget_long_dead(&state.db).await {
        tracing::warn!(%error, "could not forget long-dead instances");
    }
}
