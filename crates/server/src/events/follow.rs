//! One open page's events: when resumed with `Last-Event-ID`, first what it missed (from the
//! log), then what the hub hears, without duplicates, until the person's session ends (checked
//! every few seconds, so a disabled account stops receiving) or the server stops.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::Stream;
use tokio::sync::broadcast::{Receiver, error::RecvError};
use tokio::sync::watch;
use tokio::time::{Instant, Interval, MissedTickBehavior};

use super::{Event, Logged, log};
use crate::auth::sessions;
use crate::state::AppState;

/// How often an open stream asks whether its session still holds.
const SESSION_CHECK: Duration = Duration::from_secs(5);

struct Follower {
    state: AppState,
    token_hash: String,
    events: Receiver<Logged>,
    closing: watch::Receiver<bool>,
    check: Interval,
    /// The last event the page had, until what it missed has been read from the log.
    resume_after: Option<i64>,
    replay: VecDeque<Logged>,
    /// Live events numbered up to this were sent from the log already.
    replayed_up_to: i64,
}

/// The events for the session whose token hashes to `token_hash`, from now until it ends; after
/// those numbered above `resume_after` first, when given.
pub fn follow(
    state: AppState,
    token_hash: String,
    resume_after: Option<i64>,
) -> impl Stream<Item = Logged> + Send {
    let mut check = tokio::time::interval_at(Instant::now() + SESSION_CHECK, SESSION_CHECK);
    check.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let follower = Follower {
        events: state.events.subscribe(),
        closing: state.events.closing(),
        state,
        token_hash,
        check,
        resume_after,
        replay: VecDeque::new(),
        replayed_up_to: i64::MIN,
    };
    futures_util::stream::unfold(follower, next)
}

/// Reads what the page missed; the live events are already being collected meanwhile, and those
/// the log gives are skipped when they come live.
async fn catch_up(follower: &mut Follower, after: i64) {
    follower.replayed_up_to = after;
    match log::since(&follower.state.db, after).await {
        Ok(missed) => {
            if let Some(last) = missed.iter().filter_map(|logged| logged.id).max() {
                follower.replayed_up_to = last;
            }
            follower.replay.extend(missed);
        }
        Err(error) => {
            tracing::warn!(%error, "could not read the event log for a resumed stream");
            follower.replay.push_back(Logged {
                id: None,
                event: Event::Missed { count: 0 },
            });
        }
    }
}

async fn next(mut follower: Follower) -> Option<(Logged, Follower)> {
    if *follower.closing.borrow() {
        return None;
    }
    if let Some(after) = follower.resume_after.take() {
        catch_up(&mut follower, after).await;
    }
    if let Some(logged) = follower.replay.pop_front() {
        return Some((logged, follower));
    }
    loop {
        tokio::select! {
            received = follower.events.recv() => match received {
                Ok(logged) if logged.id.is_some_and(|id| id <= follower.replayed_up_to) => {}
                Ok(logged) => return Some((logged, follower)),
                Err(RecvError::Lagged(count)) => {
                    let missed = Logged { id: None, event: Event::Missed { count } };
                    return Some((missed, follower));
                }
                Err(RecvError::Closed) => return None,
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
