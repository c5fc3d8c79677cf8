//! A conversation's transcript: every message, oldest first, with each recipient's delivery outcome
//! (a failed one with its code and reason), as JSON and as CSV that parse.

use serde_json::json;
use switchboard_core::Channel;
use switchboard_core::api::{MessageView, PairingCreated, SendMessage, Transcript};

use crate::common::pairings::{pairing, side};
use crate::common::phones::write;
use crate::common::{ADMIN, expect, expect_refusal, spawn};

const LUCIA: &str = "whatsapp:+34622000222";
const MARCO: &str = "+15550100088";

#[tokio::test]
async fn the_transcript_holds_every_message_with_each_outcome_as_json_and_as_csv() {
    let app = spawn().await;
    let request = pairing(
        "Order 7002",
        side("Lucia", Channel::Whatsapp, "+34 622 000 222", None),
        side("Marco", Channel::Sms, "+1 555 010 0088", None),
    );
    let created: PairingCreated =
        expect(app.admin.post_json("/api/v1/pairings", &request).await, 201).await;
    let sid = created.conversation_sid;
    write(&app.admin, LUCIA, &created.proxies[0], "Where is my order?").await;
    let unreachable = app
        .admin
        .post_json(
            "/api/v1/sandbox/controls/faults",
            &json!({ "path": MARCO, "type": "unreachable", "count": 1 }),
        )
        .await;
    assert_eq!(unreachable.status(), 201);
    let send = |body: &str| SendMessage {
        author_participant_sid: None,
        content: switchboard_core::api::MessageContent::Text { body: body.into() },
    };
    let messages = format!("/api/v1/conversations/{sid}/messages");
    let _: MessageView = expect(
        app.admin.post_json(&messages, &send("On its way")).await,
        201,
    )
    .await;
    let _: MessageView = expect(
        app.admin.post_json(&messages, &send("Two minutes")).await,
        201,
    )
    .await;

    let path = format!("/api/v1/conversations/{sid}/transcript");
    let answer = app.admin.get(&path).await;
    assert_eq!(answer.status(), 200);
    assert!(
        answer.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with(&format!("attachment; filename=\"transcript-{sid}.json\""))
    );
    let transcript: Transcript = answer.json().await.unwrap();
    let bodies: Vec<&str> = transcript
        .messages
        .iter()
        .filter_map(|m| m.body.as_deref())
        .collect();
    assert_eq!(bodies, ["Where is my order?", "On its way", "Two minutes"]);
    let outcomes = |m: &MessageView| {
        let mut found: Vec<(String, Option<i64>)> = m
            .deliveries
            .iter()
            .map(|d| (d.status.clone(), d.error_code))
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        outcomes(&transcript.messages[0]),
        [("delivered".to_owned(), None)]
    );
    assert_eq!(
        outcomes(&transcript.messages[1]),
        [
            ("delivered".to_owned(), None),
            ("failed".to_owned(), Some(30003))
        ]
    );
    assert_eq!(transcript.messages[0].sent_by, None);
    assert_eq!(transcript.messages[1].sent_by.as_deref(), Some(ADMIN));

    let answer = app.admin.get(&format!("{path}?format=csv")).await;
    assert_eq!(answer.headers()["content-type"], "text/csv; charset=utf-8");
    let text = answer.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "message_index");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let line = |row: &csv::StringRecord, name: &str| row[column(name)].to_owned();
    assert_eq!(rows.len(), 5, "one line per message and recipient:\n{text}");
    let failed: Vec<_> = rows
        .iter()
        .filter(|r| line(r, "status") == "failed")
        .collect();
    assert_eq!(failed.len(), 1, "{text}");
    assert_eq!(line(failed[0], "body"), "On its way");
    assert_eq!(line(failed[0], "recipient"), MARCO);
    assert_eq!(line(failed[0], "recipient_name"), "Marco");
    assert_eq!(line(failed[0], "error_code"), "30003");
    assert!(!line(failed[0], "reason").is_empty());
    assert_eq!(line(&rows[0], "author_name"), "Lucia");
    assert_eq!(line(&rows[1], "sent_by"), ADMIN);

    expect_refusal(
        app.admin.get(&format!("{path}?format=xml")).await,
        422,
        "is not a transcript format",
    )
    .await;
}
