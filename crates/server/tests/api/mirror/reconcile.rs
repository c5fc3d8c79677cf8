//! A reconcile within its call budget: it reads the newest conversations first, then goes on from
//! where the last run stopped, and past the last conversation starts again from the first, so a
//! budget left over is spent on rows it has not read yet.

use serde_json::json;
use switchboard_core::api::ReconcileReport;
use switchboard_twilio::ConversationParams;

use super::Mirrored;
use crate::common::expect;

/// Conversations made besides the sandbox's demo ones: more than the 100 newest a run reads first.
const MADE: usize = 130;
/// The list (2 pages), the 100 newest (2 calls each), then about 50 more: enough for every row
/// once, if the run goes round.
const BUDGET: u32 = 300;

#[tokio::test]
async fn a_run_starting_near_the_end_goes_round_and_mends_the_rows_before_its_cursor() {
    let mirrored = Mirrored::start_configured(|c| c.mirror.reconcile_budget = BUDGET).await;
    let twilio = mirrored.twilio(false);
    for i in 0..MADE {
        twilio
            .create_conversation(&ConversationParams {
                friendly_name: Some(format!("Rotation {i}")),
                ..ConversationParams::default()
            })
            .await
            .unwrap();
    }
    // The conversations, made without webhooks, are read by a first reconcile.
    let first: ReconcileReport = reconcile(&mirrored).await;
    assert!(first.fixed >= MADE as u64, "{first:?}");
    let db = mirrored.db().await;
    // Every row goes stale in a way the list cannot show (same date_updated and state): only
    // reading each conversation again mends it.
    sqlx::query("UPDATE mirror_conversations SET friendly_name = 'stale'")
        .execute(&db)
        .await
        .unwrap();
    let newest: Vec<String> = sqlx::query_scalar(
        "SELECT sid FROM mirror_conversations WHERE removed_ms IS NULL ORDER BY activity_ms DESC, sid LIMIT 100",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let mut rest: Vec<String> = sqlx::query_scalar(
        "SELECT sid FROM mirror_conversations WHERE removed_ms IS NULL ORDER BY sid",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    rest.retain(|sid| !newest.contains(sid));
    assert!(rest.len() > 20, "{} rows beyond the newest", rest.len());
    // The stored cursor leaves only two rows after it.
    let cursor = rest[rest.len() - 3].clone();
    sqlx::query("UPDATE mirror_runs SET cursor = $1 WHERE name = 'reconcile'")
        .bind(&cursor)
        .execute(&db)
        .await
        .unwrap();

    let report = reconcile(&mirrored).await;
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT sid FROM mirror_conversations WHERE removed_ms IS NULL AND friendly_name = 'stale' ORDER BY sid",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(stale, Vec::<String>::new(), "{report:?}");
    assert_eq!(
        report.fixed,
        newest.len() as u64 + rest.len() as u64,
        "{report:?}"
    );
}

async fn reconcile(mirrored: &Mirrored) -> ReconcileReport {
    let response = mirrored
        .app
        .admin
        .post_json("/api/v1/mirror/reconcile", &json!({}))
        .await;
    expect(response, 200).await
}
