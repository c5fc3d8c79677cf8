//! One open page's events: what the hub hears, until the person's session ends (checked every few
//! seconds, so a disabled account stops receiving) or the server stops.

use std::time::Duration;

use futures_util::Stream;
use tokio::sync::broadcast::{Receiver, error::RecvError};
use tokio::sync::watch;
use tokio::time::{Instant, Interval, MissedTickBehavior};

use super::Event;
use crate::auth::sessions;
use crate::state::AppState;

/// How often an open stream asks whether its session still holds.
const SESSION_CHECK: Duration = Duration::from_secs(5);

struct Follower {
    state: AppState,
    token_hash: String,
    events: Receiver<Event>,
    closing: watch::Receiver<bool>,
    check: Interval,
}

/// The events for the session whose token hashes to `token_hash`, from now until it ends.
pub fn follow(state: AppState, token_hash: String) -> impl Stream<Item = Event> + Send {
    let mut check = tokio::time::interval_at(Instant::now() + SESSION_CHECK, SESSION_CHECK);
    check.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let follower = Follower {
        events: state.events.subscribe(),
        closing: state.events.closing(),
        state,
        token_hash,
        check,
    };
    futures_util::stream::unfold(follower, next)
}

async fn next(mut follower: Follower) -> Option<(Event, Follower)> {
    if *follower.closing.borrow() {
        return None;
    }
    loop {
        tokio::select! {
            received = follower.events.recv() => return match received {
                Ok(event) => Some((event, follower)),
                Err(RecvError::Lagged(count)) => Some((Event::Missed { count }, follower)),
                Err(RecvError::Closed) => None,
            },
            _ = follower.check.tick() => {
                if !session_holds(&follower).await {
                    return None;
                }
            }
            _ = follower.closing.changed() => return None,
        }
    }
}

/// An unreachable database is not an ended session: the stream goes on, and the next check asks
/// again (every other request is refused meanwhile, so nothing is given away).
async fn session_holds(follower: &Follower) -> bool {
    match sessions::still_valid(&follower.state, &follower.token_hash).await {
        Ok(valid) => valid,
        Err(error) => {
            tracing::warn!(%error, "could not check an event stream's session");
            true
        }
    }
}
