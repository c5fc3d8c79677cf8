//! Sign-in under attack: a thousand guessed passwords, at one username and over as many, get only
//! a handful checked.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use serde_json::json;

use crate::common::{ADMIN, PASSWORD, TestApp, spawn};

/// Sends `guesses` wrong passwords, eight at a time, and counts the answers by status.
async fn guess(
    app: &TestApp,
    guesses: usize,
    username: impl Fn(usize) -> String,
) -> BTreeMap<u16, usize> {
    let client = app.anonymous();
    let statuses: Vec<u16> = futures_util::stream::iter(0..guesses)
        .map(|n| {
            let body = json!({ "username": username(n), "password": format!("guess number {n}") });
            let request = client.http.post(client.url("/api/v1/session")).json(&body);
            async move { request.send().await.unwrap().status().as_u16() }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut counts = BTreeMap::new();
    for status in statuses {
        *counts.entry(status).or_default() += 1;
    }
    counts
}

#[tokio::test]
async fn a_thousand_guessed_passwords_get_at_most_five_checked_and_then_not_even_the_right_one() {
    let app = spawn().await;
    let counts = guess(&app, 1000, |_| ADMIN.to_owned()).await;
    println!("1000 guesses at one username: {counts:?}");
    let checked = counts.get(&401).copied().unwrap_or(0);
    assert!(checked <= 5, "{counts:?}");
    assert_eq!(
        checked + counts.get(&429).copied().unwrap_or(0),
        1000,
        "{counts:?}"
    );
    let refused = app.anonymous().sign_in(ADMIN, PASSWORD).await.unwrap_err();
    assert_eq!(refused.status, 429);
    assert_eq!(app.admin.get("/api/v1/session").await.status(), 200);
}

#[tokio::test]
async fn a_thousand_guesses_over_as_many_usernames_get_at_most_twenty_checked() {
    let app = spawn().await;
    let counts = guess(&app, 1000, |n| format!("someone{n}")).await;
    println!("1000 guesses over 1000 usernames: {counts:?}");
    let checked = counts.get(&401).copied().unwrap_or(0);
    assert!(checked <= 20, "{counts:?}");
    assert_eq!(
        checked + counts.get(&429).copied().unwrap_or(0),
        1000,
        "{counts:?}"
    );
}
