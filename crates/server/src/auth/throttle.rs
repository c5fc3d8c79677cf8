//! Sign-in throttling: too many failures for one username, or from one address, within a window
//! refuse further attempts (before any password is checked) until the oldest failure ages out.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const PER_USERNAME: usize = 5;
pub const PER_ADDRESS: usize = 20;

#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Username(String),
    Address(IpAddr),
}

impl Throttle {
    fn keys(username: &str, address: IpAddr) -> [(Key, usize); 2] {
        [
            (Key::Username(username.to_lowercase()), PER_USERNAME),
            (Key::Address(address), PER_ADDRESS),
        ]
    }

    /// Starts a sign-in attempt: `Err(seconds)` to wait when it must be refused, otherwise it counts
    /// as a failure at once, so that guesses sent side by side cannot all slip under the limit before
    /// the first password check ends; `succeeded` takes it back.
    pub fn attempt(&self, username: &str, address: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("throttle lock");
        if failures.len() > 10_000 {
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        let mut wait = Duration::ZERO;
        for (key, limit) in Self::keys(username, address) {
            if let Some(times) = failures.get_mut(&key) {
                times.retain(|t| now.duration_since(*t) < WINDOW);
                if times.len() >= limit {
                    wait = wait.max(WINDOW - now.duration_since(times[0]));
                }
            }
        }
        if !wait.is_zero() {
            return Err(wait.as_secs().max(1));
        }
        for (key, _) in Self::keys(username, address) {
            failures.entry(key).or_default().push(now);
        }
        Ok(())
    }

    /// The attempt was right: the username's failures are forgotten, and this attempt on the address.
    pub fn succeeded(&self, username: &str, address: IpAddr) {
        let mut failures = self.failures.lock().expect("throttle lock");
        failures.remove(&Key::Username(username.to_lowercase()));
        if let Some(times) = failures.get_mut(&Key::Address(address)) {
            times.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn a_username_is_locked_after_its_failures_and_others_are_not() {
        let throttle = Throttle::default();
        for _ in 0..PER_USERNAME {
            assert!(throttle.attempt("alicia", HOME).is_ok());
        }
        let wait = throttle.attempt("Alicia", HOME).unwrap_err();
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert!(throttle.attempt("bruno", HOME).is_ok());
    }

    #[test]
    fn one_address_guessing_many_usernames_is_locked_too() {
        let throttle = Throttle::default();
        for n in 0..PER_ADDRESS {
            assert!(throttle.attempt(&format!("user{n}"), HOME).is_ok());
        }
        assert!(throttle.attempt("someone-new", HOME).is_err());
    }

    #[test]
    fn a_success_clears_the_usernames_failures_and_does_not_count_against_the_address() {
        let throttle = Throttle::default();
        for _ in 0..PER_USERNAME - 1 {
            throttle.attempt("alicia", HOME).unwrap();
        }
        throttle.attempt("alicia", HOME).unwrap();
        throttle.succeeded("alicia", HOME);
        throttle.attempt("alicia", HOME).unwrap();
        assert!(throttle.attempt("alicia", HOME).is_ok());
        for _ in 0..PER_ADDRESS * 2 {
            throttle.attempt("bruno", HOME).unwrap();
            throttle.succeeded("bruno", HOME);
        }
        assert!(throttle.attempt("carla", HOME).is_ok());
    }
}
