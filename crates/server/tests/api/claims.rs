//! Who may take a piece of background work, through the real database: work nobody holds, or held
//! by the instance itself, or by one not seen for `STALE`, is taken; work a live instance holds is
//! not; of several instances taking the same work at once, exactly one gets it.

use std::sync::Arc;

use switchboard_server::db::{Db, now_millis};
use switchboard_server::imports::claim_row;
use switchboard_server::instances::{Instance, STALE, note_alive};
use switchboard_server::pairing::unsettled;

async fn database() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let location = crate::common::database::fresh(dir.path()).await;
    (
        switchboard_server::db::connect(&location).await.unwrap(),
        dir,
    )
}

async fn live_instance(db: &Db) -> Arc<Instance> {
    let instance = Instance::new();
    note_alive(db, &instance).await.unwrap();
    instance
}

/// An instance last seen `ago_ms` ago.
async fn seen(db: &Db, id: &str, ago_ms: i64) {
    sqlx::query("INSERT INTO instances (id, started_at_ms, seen_at_ms) VALUES ($1, 0, $2)")
        .bind(id)
        .bind(now_millis() - ago_ms)
        .execute(db)
        .await
        .unwrap();
}

async fn unsettled_held_by(db: &Db, name: &str, holder: Option<&str>) {
    sqlx::query(
        "INSERT INTO unsettled_pairings (unique_name, noted_at, held_by) VALUES ($1, 0, $2)",
    )
    .bind(name)
    .bind(holder)
    .execute(db)
    .await
    .unwrap();
}

#[tokio::test]
async fn work_held_by_a_live_instance_is_not_taken_and_work_held_by_a_dead_one_is() {
    let (db, _dir) = database().await;
    let me = live_instance(&db).await;
    let other = live_instance(&db).await;
    let stale_ms = STALE.as_millis() as i64;
    seen(&db, "just-alive", stale_ms - 1_500).await;
    seen(&db, "just-dead", stale_ms + 1_500).await;
    let cases = [
        ("free", None, true),
        ("mine", Some(me.id.as_str()), true),
        ("live", Some(other.id.as_str()), false),
        ("just-alive", Some("just-alive"), false),
        ("just-dead", Some("just-dead"), true),
        ("never-registered", Some("never-registered"), true),
    ];
    for (name, holder, _) in cases {
        unsettled_held_by(&db, name, holder).await;
    }
    for (name, _, taken) in cases {
        assert_eq!(
            unsettled::claim(&db, name, &me).await.unwrap(),
            taken,
            "{name}"
        );
    }
    assert!(
        !unsettled::claim(&db, "just-dead", &other).await.unwrap(),
        "work taken over is held by its live new holder"
    );
    assert!(!unsettled::claim(&db, "not-listed", &me).await.unwrap());
}

#[tokio::test]
async fn of_instances_taking_the_same_work_at_once_exactly_one_gets_it() {
    let (db, _dir) = database().await;
    let instances = futures_util::future::join_all((0..6).map(|_| live_instance(&db))).await;
    seen(&db, "dead", 60_000).await;
    sqlx::query("INSERT INTO pairing_imports (id, created_by, created_at) VALUES (1, 'x', 0)")
        .execute(&db)
        .await
        .unwrap();
    let request = serde_json::json!({ "friendly_name": "x", "reference": null, "sides": [
        { "name": null, "channel": "sms", "number": "+15550100001", "proxy": null },
        { "name": null, "channel": "sms", "number": "+15550100002", "proxy": null } ] })
    .to_string();
    const ROWS: i64 = 20;
    for line in 0..ROWS {
        let (state, holder) = if line % 2 == 0 {
            ("pending", None)
        } else {
            ("running", Some("dead"))
        };
        sqlx::query("INSERT INTO pairing_import_rows (import_id, line, friendly_name, request, state, held_by) VALUES (1, $1, 'x', $2, $3, $4)")
            .bind(line)
            .bind(&request)
            .bind(state)
            .bind(holder)
            .execute(&db)
            .await
            .unwrap();
        unsettled_held_by(&db, &format!("pairing-{line}"), holder).await;
    }
    let mut winners = Vec::new();
    for line in 0..ROWS {
        let rows =
            futures_util::future::join_all(instances.iter().map(|i| claim_row(&db, 1, line, i)))
                .await;
        let won: Vec<_> = rows.into_iter().flat_map(|r| r.unwrap()).collect();
        assert_eq!(won.len(), 1, "line {line}: {} instances took it", won.len());
        assert_eq!(won[0].was_running, line % 2 == 1);
        let name = format!("pairing-{line}");
        let names = futures_util::future::join_all(
            instances.iter().map(|i| unsettled::claim(&db, &name, i)),
        )
        .await;
        let took = names.into_iter().filter(|r| *r.as_ref().unwrap()).count();
        assert_eq!(took, 1, "{name}: {took} instances took it");
        winners.push(won[0].line);
    }
    assert_eq!(winners, (0..ROWS).collect::<Vec<_>>());
}
