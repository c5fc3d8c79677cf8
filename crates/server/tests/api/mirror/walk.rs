//! The first walk fills the mirror with every conversation the sandbox lists, each as the sandbox has it.

use switchboard_core::api::{MirrorStatus, WalkProgress};

use super::Mirrored;
use super::drift::differences;

#[tokio::test]
async fn the_first_walk_fills_the_mirror_as_the_sandbox_has_it() {
    let started = std::time::Instant::now();
    let mirrored = Mirrored::start().await;
    let status: MirrorStatus = mirrored.app.admin.get_ok("/api/v1/mirror").await;
    eprintln!(
        "walk of {} conversations: {:?}",
        status.conversations,
        started.elapsed()
    );
    assert!(status.connected);
    assert!(status.conversations > 0);
    let WalkProgress::Finished { done, .. } = status.walk else {
        panic!("{status:?}");
    };
    assert_eq!(done, status.conversations);
    let problems = differences(&mirrored).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
