//! An account disabled through one instance is refused by the others within their session cache's
//! 2 s, while its person keeps using them.

use std::time::{Duration, Instant};

use switchboard_core::api::{Role, SessionInfo, UserUpdate};

use crate::common::Client;
use crate::common::cluster::Cluster;

/// The cache's 2 s, the 0.2 s between requests and room for a loaded machine.
const REFUSED_BY: Duration = Duration::from_millis(2500);
const PAUSE: Duration = Duration::from_millis(200);

/// Calls `/api/v1/session` every 0.2 s until it answers 401, for at most 10 s after `since`; how
/// long after `since` that was.
async fn refused_after(client: &Client, since: Instant) -> Option<Duration> {
    while since.elapsed() < Duration::from_secs(10) {
        if client.get("/api/v1/session").await.status() == 401 {
            return Some(since.elapsed());
        }
        tokio::time::sleep(PAUSE).await;
    }
    None
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn an_account_disabled_through_one_instance_is_refused_by_the_others_within_two_seconds() {
    let cluster = Cluster::start(3).await;
    cluster.add_user("rider", Role::Operator).await;
    let rider = cluster.round_robin("rider").await;
    // Every instance has the session cached and in use when the account is disabled.
    for _ in 0..3 * cluster.len() {
        let (i, client) = rider.next();
        assert_eq!(client.get("/api/v1/session").await.status(), 200, "{i}");
        tokio::time::sleep(PAUSE / 3).await;
    }
    let me: SessionInfo = rider.on(0).get_ok("/api/v1/session").await;

    let disable = UserUpdate {
        disabled: Some(true),
        ..UserUpdate::default()
    };
    let path = format!("/api/v1/users/{}", me.user.id);
    assert_eq!(
        cluster.admin.patch_json(&path, &disable).await.status(),
        200
    );
    let disabled_at = Instant::now();

    let took: Vec<Option<Duration>> = futures_util::future::join_all(
        (0..cluster.len()).map(|i| refused_after(rider.on(i), disabled_at)),
    )
    .await;
    println!("disabled through instance 0; refused by each instance after {took:?}");
    assert!(
        took.iter().all(|t| t.is_some_and(|t| t <= REFUSED_BY)),
        "every instance must refuse the disabled account by {REFUSED_BY:?}; refused after {took:?}"
    );
    for i in 0..cluster.len() {
        let again = rider.on(i).get("/api/v1/session").await.status();
        assert_eq!(again, 401, "instance {i} accepted the account again");
    }
}
