//! The conversations list from the account mirror: its rows are written straight into the mirror's
//! tables, then the real server is asked over HTTP for every search, filter, sort, count and page;
//! bad parameters are refused with a sentence; before the mirror is ready Twilio answers, saying so.

use switchboard_core::api::{ConversationPage, ListSource, StateCounts, WhatsappWindow};

use crate::common::mirror::{HOUR_MS, Person, Readiness, Row, insert, mark, now_ms, settled};
use crate::common::{TestApp, expect_refusal, spawn};

const DAY_MS: i64 = 24 * HOUR_MS;

fn person(sid: &str, channel: &'static str, address: &str, proxy: &str, name: &str) -> Person {
    Person {
        sid: sid.into(),
        channel: Some(channel),
        address: Some(address.into()),
        proxy_address: Some(proxy.into()),
        name: Some(name.into()),
        last_inbound_ms: None,
    }
}

/// Four conversations with one of each kind the filters tell apart, and one removed.
fn fixture(now: i64) -> Vec<Row> {
    let t = now - 10 * DAY_MS;
    let mut ana = person(
        "MBa1",
        "whatsapp",
        "whatsapp:+34600000001",
        "whatsapp:+15550001111",
        "Ana Souza",
    );
    ana.last_inbound_ms = Some(now - HOUR_MS);
    let mut carla = person(
        "MBc1",
        "whatsapp",
        "whatsapp:+34600000003",
        "whatsapp:+15550001111",
        "Carla",
    );
    carla.last_inbound_ms = Some(now - 30 * HOUR_MS);
    vec![
        Row {
            sid: "CHa".into(),
            friendly_name: Some("Order 8812 Lisbon".into()),
            unique_name: Some("ord-8812".into()),
            reference: Some("8812".into()),
            created_ms: t + 1,
            activity_ms: t + 100,
            channels: "whatsapp",
            window_until_ms: Some(now + 23 * HOUR_MS),
            people: vec![ana],
            ..Row::default()
        },
        Row {
            sid: "CHb".into(),
            friendly_name: Some("Berlin pickup".into()),
            reference: Some("R-77".into()),
            state: "inactive",
            created_ms: t + 2,
            activity_ms: t + 50,
            channels: "sms",
            people: vec![person(
                "MBb1",
                "sms",
                "+15550170001",
                "+15550002222",
                "Bruno",
            )],
            failures: vec![(3, "MBb1".into(), 30003, now - HOUR_MS, false)],
            ..Row::default()
        },
        Row {
            sid: "CHc".into(),
            friendly_name: Some("Cairo".into()),
            state: "closed",
            created_ms: t + 3,
            activity_ms: t + 200,
            channels: "mixed",
            window_until_ms: Some(now - 6 * HOUR_MS),
            people: vec![
                carla,
                person("MBc2", "sms", "+15550170003", "+15550002222", "Dario"),
            ],
            failures: vec![(1, "MBc2".into(), 30003, now - HOUR_MS, true)],
            ..Row::default()
        },
        Row {
            sid: "CHd".into(),
            friendly_name: Some("Dublin 100%_off".into()),
            created_ms: t + 4,
            activity_ms: t + 10,
            ..Row::default()
        },
        Row {
            sid: "CHe".into(),
            friendly_name: Some("Order removed".into()),
            created_ms: t + 5,
            activity_ms: t + 300,
            ..Row::default()
        },
    ]
}

async fn ready_app(rows: &[Row]) -> TestApp {
    let app = spawn().await;
    let db = settled(&app).await;
    insert(&db, rows).await;
    sqlx::query("UPDATE mirror_conversations SET removed_ms = 1 WHERE sid = 'CHe'")
        .execute(&db)
        .await
        .unwrap();
    mark(&db, Readiness::Ready).await;
    app
}

async fn list(app: &TestApp, query: &str) -> ConversationPage {
    app.admin
        .get_ok(&format!("/api/v1/conversations?{query}"))
        .await
}

async fn sids(app: &TestApp, query: &str) -> Vec<String> {
    let page = list(app, query).await;
    assert_eq!(page.source, ListSource::Mirror, "{query}");
    page.conversations.into_iter().map(|c| c.sid).collect()
}

#[tokio::test]
async fn every_search_filter_sort_and_count_is_answered_from_the_mirror() {
    let now = now_ms();
    let app = ready_app(&fixture(now)).await;
    let cases: &[(&str, &[&str])] = &[
        ("", &["CHc", "CHa", "CHb", "CHd"]),
        ("sort=created", &["CHd", "CHc", "CHb", "CHa"]),
        ("q=8812", &["CHa"]),
        ("q=ORD-88", &["CHa"]),
        ("q=lisbon", &["CHa"]),
        ("q=souza", &["CHa"]),
        ("q=order", &["CHa"]),
        ("q=whatsapp%3A%2B34%20600%20000%20001", &["CHa"]),
        ("q=600000003", &["CHc"]),
        ("q=%2B1%20555%20017%200001", &["CHb"]),
        ("q=r-77", &["CHb"]),
        ("q=100%25_", &["CHd"]),
        ("q=0%25", &["CHd"]),
        ("q=nobody", &[]),
        ("state=inactive", &["CHb"]),
        ("channel=mixed", &["CHc"]),
        ("channel=sms", &["CHb"]),
        ("channel=whatsapp", &["CHa"]),
        ("number=%2B15550001111", &["CHc", "CHa"]),
        ("number=whatsapp%3A%2B15550002222", &["CHc", "CHb"]),
        ("number=%2B15550002222&state=closed", &["CHc"]),
        ("window=open", &["CHa"]),
        ("window=closed", &["CHc"]),
        ("failed=true", &["CHb"]),
        ("failed=false", &["CHc", "CHa", "CHd"]),
        ("q=o&sort=created&state=active", &["CHd", "CHa"]),
    ];
    for (query, expected) in cases {
        assert_eq!(sids(&app, query).await, *expected, "?{query}");
    }
    let all = list(&app, "state=closed").await;
    let every = StateCounts {
        active: 2,
        inactive: 1,
        closed: 1,
        limit: None,
    };
    assert_eq!(all.counts, Some(every), "counts ignore the state filter");
    let sms = list(&app, "number=%2B15550002222").await;
    let some = StateCounts {
        active: 0,
        inactive: 1,
        closed: 1,
        limit: None,
    };
    assert_eq!(sms.counts, Some(some), "counts follow the other filters");
}

#[tokio::test]
async fn a_row_carries_its_people_windows_and_when_it_was_confirmed() {
    let now = now_ms();
    let app = ready_app(&fixture(now)).await;
    let page = list(&app, "q=8812").await;
    let row = &page.conversations[0];
    assert_eq!(row.reference.as_deref(), Some("8812"));
    assert_eq!(row.unique_name.as_deref(), Some("ord-8812"));
    assert!(row.confirmed_at.is_some());
    let ana = &row.participants[0];
    assert_eq!(ana.address.as_deref(), Some("whatsapp:+34600000001"));
    assert_eq!(ana.name.as_deref(), Some("Ana Souza"));
    assert!(
        matches!(ana.window, Some(WhatsappWindow::Open { .. })),
        "{ana:?}"
    );
    let page = list(&app, "q=cairo").await;
    let people = &page.conversations[0].participants;
    assert_eq!(people.len(), 2);
    assert_eq!(people[0].window, Some(WhatsappWindow::Closed));
    assert_eq!(people[1].window, None, "SMS has no window");
}

/// 57 conversations, three to each activity time, so the keyset must break ties by SID.
fn many(now: i64) -> Vec<Row> {
    (0..57)
        .map(|i| Row {
            sid: format!("CH{:04}", (i * 37) % 101),
            friendly_name: Some(format!("Pack {i}")),
            created_ms: now - DAY_MS + i,
            activity_ms: now - DAY_MS + i / 3,
            state: if i % 4 == 0 { "closed" } else { "active" },
            ..Row::default()
        })
        .collect()
}

async fn walk(app: &TestApp, query: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let mut page = list(app, &format!("{query}&page_size=10")).await;
    loop {
        assert!(page.conversations.len() <= 10);
        seen.extend(page.conversations.into_iter().map(|c| c.sid));
        let Some(next) = page.next_page else {
            return seen;
        };
        page = list(app, &format!("{query}&page_size=10&page={next}")).await;
    }
}

#[tokio::test]
async fn paging_gives_every_row_once_in_order_for_each_sort_and_filter() {
    let rows = many(now_ms());
    let app = ready_app(&rows).await;
    let order = |key: fn(&Row) -> i64, keep: fn(&Row) -> bool| {
        let mut kept: Vec<&Row> = rows.iter().filter(|r| keep(r)).collect();
        kept.sort_by(|a, b| key(b).cmp(&key(a)).then(a.sid.cmp(&b.sid)));
        kept.into_iter().map(|r| r.sid.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        walk(&app, "sort=activity").await,
        order(|r| r.activity_ms, |_| true)
    );
    assert_eq!(
        walk(&app, "sort=created").await,
        order(|r| r.created_ms, |_| true)
    );
    let closed = order(|r| r.activity_ms, |r| r.state == "closed");
    assert_eq!(walk(&app, "state=closed").await, closed);
    let pack_one = order(
        |r| r.activity_ms,
        |r| {
            r.friendly_name
                .as_deref()
                .is_some_and(|n| n.starts_with("Pack 1"))
        },
    );
    assert_eq!(walk(&app, "q=pack%201").await, pack_one);
    assert_eq!(pack_one.len(), 11);
}

#[tokio::test]
async fn every_bad_parameter_is_refused_with_what_to_fix() {
    let app = ready_app(&many(now_ms())).await;
    let first = list(&app, "page_size=10").await;
    let cursor = first.next_page.unwrap();
    let refused: &[(String, &str)] = &[
        (
            "sort=newest".into(),
            "sort \"newest\" is not one of activity",
        ),
        ("state=open".into(), "state \"open\" is not one of active"),
        (
            "channel=fax".into(),
            "channel \"fax\" is not one of sms, whatsapp or mixed",
        ),
        (
            "number=abc".into(),
            "number must be one of the business's numbers",
        ),
        (
            "window=maybe".into(),
            "window \"maybe\" is not one of open or closed",
        ),
        ("failed=yes".into(), "failed \"yes\" is not true"),
        (
            "page=garbage".into(),
            "page is not a cursor this list gave out",
        ),
        (
            format!("sort=created&page={cursor}"),
            "page is not a cursor this list gave out for this sort",
        ),
        ("page_size=0".into(), "page_size must be between 1 and 100"),
        (
            "page_size=many".into(),
            "The query's \"page_size\" is not what this route takes",
        ),
    ];
    for (query, sentence) in refused {
        let response = app
            .admin
            .get(&format!("/api/v1/conversations?{query}"))
            .await;
        expect_refusal(response, 422, sentence).await;
    }
}

#[tokio::test]
async fn until_the_mirror_is_ready_twilio_answers_and_says_so() {
    let app = spawn().await;
    let db = settled(&app).await;
    insert(&db, &fixture(now_ms())).await;
    mark(&db, Readiness::WalkedOnly).await;
    let page = list(&app, "").await;
    assert_eq!(page.source, ListSource::Twilio);
    assert!(
        page.conversations.iter().all(|c| c.sid != "CHa"),
        "not read from the mirror"
    );
    mark(&db, Readiness::Filling(40)).await;
    assert_eq!(
        list(&app, "q=order").await.source,
        ListSource::Filling { done: 40 }
    );
    let refused = app.admin.get("/api/v1/conversations?channel=sms").await;
    expect_refusal(
        refused,
        422,
        "The channel filter needs the account mirror, which is not ready yet (it has read 40",
    )
    .await;
    mark(&db, Readiness::WalkedOnly).await;
    assert_eq!(list(&app, "").await.source, ListSource::Twilio);
    let refused = app.admin.get("/api/v1/conversations?failed=true").await;
    expect_refusal(refused, 422, "The failed filter needs the account mirror").await;
    mark(&db, Readiness::Ready).await;
    assert_eq!(sids(&app, "q=8812").await, ["CHa"]);
}

#[tokio::test]
async fn a_conversation_older_than_the_newest_10000_is_found_by_part_of_its_name_and_its_reference()
{
    let now = now_ms();
    let mut rows: Vec<Row> = (0..10_050)
        .map(|i| Row {
            sid: format!("CH{i:032}"),
            friendly_name: Some(format!("Order {i}")),
            reference: Some(format!("{}", 100_000 + i)),
            created_ms: now - DAY_MS + i,
            activity_ms: now - DAY_MS + i,
            ..Row::default()
        })
        .collect();
    rows[3].friendly_name = Some("Quartz harbour delivery".into());
    rows[3].reference = Some("REF-OLD-4471".into());
    let app = ready_app(&rows).await;
    let newest = list(&app, "page_size=100").await;
    let whole = newest.counts.expect("the mirror counts");
    assert_eq!((whole.active, whole.limit), (10_050, None));
    let old = rows[3].sid.clone();
    let found = list(&app, "q=harbour%20deliv").await;
    let ids: Vec<&str> = found.conversations.iter().map(|c| c.sid.as_str()).collect();
    assert_eq!(ids, [old.as_str()]);
    let rare = found.counts.expect("the mirror counts");
    assert_eq!(
        (rare.active, rare.limit),
        (1, None),
        "a rare text is counted whole"
    );
    // A text nearly every conversation matches is counted only so far, and said to be.
    let page = list(&app, "q=order").await;
    let common = page.counts.expect("the mirror counts");
    assert_eq!((common.active, common.limit), (1_000, Some(1_000)));
    assert!(common.stopped_at(common.active));
    assert_eq!(page.conversations.len(), 25);
    assert_eq!(sids(&app, "q=ref-old-44").await, [old]);
}
