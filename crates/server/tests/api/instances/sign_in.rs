//! Guessed passwords for one username, spread over three instances and sent side by side, are
//! throttled as if one server received them all: the failures are counted in the shared database.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use serde_json::json;

use crate::common::cluster::Cluster;
use crate::common::{ADMIN, PASSWORD};
use switchboard_server::auth::throttle::PER_USERNAME;

const GUESSES: usize = 60;

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn guesses_spread_over_three_instances_are_throttled_as_if_by_one() {
    let cluster = Cluster::start(3).await;
    let clients: Vec<_> = (0..cluster.len()).map(|i| cluster.anonymous(i)).collect();
    let answers: Vec<(u16, Option<String>)> = futures_util::stream::iter(0..GUESSES)
        .map(|n| {
            let client = &clients[n % clients.len()];
            let body = json!({ "username": ADMIN, "password": format!("guess number {n}") });
            let request = client.http.post(client.url("/api/v1/session")).json(&body);
            async move {
                let response = request.send().await.unwrap();
                let retry_after = response
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_owned());
                (response.status().as_u16(), retry_after)
            }
        })
        .buffer_unordered(12)
        .collect()
        .await;
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    for (status, _) in &answers {
        *counts.entry(*status).or_default() += 1;
    }
    println!("{GUESSES} guesses at one username over 3 instances: {counts:?}");
    assert_eq!(
        counts,
        BTreeMap::from([
            (401, PER_USERNAME as usize),
            (429, GUESSES - PER_USERNAME as usize)
        ]),
        "expected exactly {PER_USERNAME} checked and the rest throttled"
    );
    let without_wait = answers
        .iter()
        .filter(|(status, retry_after)| {
            *status == 429
                && retry_after
                    .as_ref()
                    .is_none_or(|s| s.parse::<u64>().is_err())
        })
        .count();
    assert_eq!(without_wait, 0, "429s without a Retry-After in seconds");

    for i in 0..cluster.len() {
        let refused = cluster
            .anonymous(i)
            .sign_in(ADMIN, PASSWORD)
            .await
            .expect_err("the right password is throttled too");
        assert_eq!(refused.status, 429, "instance {i}: {refused:?}");
        assert!(refused.retry_after.is_some(), "instance {i}: {refused:?}");
    }
}
