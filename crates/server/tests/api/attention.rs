//! `GET /api/v1/attention`: failed deliveries of the last 24 hours not since cleared, with the
//! reason and the fix; WhatsApp windows closing within the hour in active conversations; and an
//! opt-in waiting for the customer (started for real through the server).

use switchboard_core::api::{Attention, AttentionFix};

use crate::common::mirror::{HOUR_MS, Person, Readiness, Row, insert, mark, now_ms, settled};
use crate::common::spawn;
use crate::opt_in::{paired, start};

fn whatsapp(sid: &str, address: &str, last_inbound_ms: i64) -> Person {
    Person {
        sid: sid.into(),
        channel: Some("whatsapp"),
        address: Some(address.into()),
        proxy_address: Some("whatsapp:+15550001111".into()),
        name: None,
        last_inbound_ms: Some(last_inbound_ms),
    }
}

fn sms(sid: &str, address: &str) -> Person {
    Person {
        sid: sid.into(),
        channel: Some("sms"),
        address: Some(address.into()),
        proxy_address: Some("+15550002222".into()),
        ..Person::default()
    }
}

fn rows(now: i64) -> Vec<Row> {
    let row = |sid: &str, name: &str, state: &'static str, people: Vec<Person>| Row {
        sid: sid.into(),
        friendly_name: Some(name.into()),
        state,
        created_ms: now - 48 * HOUR_MS,
        activity_ms: now - HOUR_MS,
        people,
        ..Row::default()
    };
    let mut failing = row(
        "CHfail",
        "Failing",
        "active",
        vec![
            whatsapp("MBw", "whatsapp:+34600000010", now - 30 * HOUR_MS),
            sms("MBs", "+15550170010"),
        ],
    );
    failing.failures = vec![
        (4, "MBw".into(), 63016, now - 2 * HOUR_MS, false),
        (5, "MBs".into(), 30003, now - HOUR_MS, false),
        (3, "MBs".into(), 30003, now - 3 * HOUR_MS, true),
        (1, "MBs".into(), 30003, now - 30 * HOUR_MS, false),
    ];
    vec![
        failing,
        row(
            "CHsoon",
            "Closing soon",
            "active",
            vec![whatsapp(
                "MBsoon",
                "whatsapp:+34600000011",
                now - 23 * HOUR_MS - 30 * 60_000,
            )],
        ),
        row(
            "CHlater",
            "Open for hours",
            "active",
            vec![whatsapp(
                "MBlater",
                "whatsapp:+34600000012",
                now - 20 * HOUR_MS,
            )],
        ),
        row(
            "CHidle",
            "Inactive",
            "inactive",
            vec![whatsapp(
                "MBidle",
                "whatsapp:+34600000013",
                now - 23 * HOUR_MS - 30 * 60_000,
            )],
        ),
    ]
}

#[tokio::test]
async fn failures_closing_windows_and_waiting_opt_ins_need_attention() {
    let app = spawn().await;
    let db = settled(&app).await;
    let now = now_ms();
    insert(&db, &rows(now)).await;
    mark(&db, Readiness::Ready).await;
    let (waiting, _) = paired(&app.admin).await;
    start(&app.admin, &waiting).await;
    let viewer = app
        .client_with_role(switchboard_core::api::Role::Viewer)
        .await;
    let attention: Attention = viewer.get_ok("/api/v1/attention").await;

    let failed: Vec<(i64, AttentionFix, Option<&str>)> = attention
        .failed_deliveries
        .iter()
        .map(|f| (f.message_index, f.fix, f.address.as_deref()))
        .collect();
    assert_eq!(
        failed,
        [
            (5, AttentionFix::CheckNumber, Some("+15550170010")),
            (4, AttentionFix::SendTemplate, Some("whatsapp:+34600000010")),
        ],
        "newest first; cleared and older than 24 h left out"
    );
    let template = &attention.failed_deliveries[1];
    assert_eq!(template.conversation_name.as_deref(), Some("Failing"));
    assert_eq!(template.error_code, Some(63016));
    assert!(
        template
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("template")),
        "{template:?}"
    );

    let closing: Vec<&str> = attention
        .closing_windows
        .iter()
        .map(|w| w.participant_sid.as_str())
        .collect();
    assert_eq!(
        closing,
        ["MBsoon"],
        "only active conversations, only within the hour"
    );
    assert_eq!(
        attention.closing_windows[0].address,
        "whatsapp:+34600000011"
    );

    let opt_ins: Vec<&str> = attention
        .waiting_opt_ins
        .iter()
        .map(|o| o.conversation_sid.as_str())
        .collect();
    assert_eq!(opt_ins, [waiting.as_str()]);
    assert_eq!(attention.count(), 4);
}
