//! A person's language, recorded at pairing (on the board or in a CSV column) and read back with the
//! conversation, so the templates in it can be offered first; a tag that is not one is refused.

use serde_json::json;
use switchboard_core::Channel;
use switchboard_core::api::{
    ConversationDetail, ImportPreview, ImportProgress, PairingCreated, PairingRequest,
};

use crate::common::pairings::{pairing, side};
use crate::common::{Client, expect, spawn};

async fn languages_of(client: &Client, sid: &str) -> Vec<(Option<String>, Option<String>)> {
    let detail: ConversationDetail = client.get_ok(&format!("/api/v1/conversations/{sid}")).await;
    let mut people: Vec<_> = detail
        .conversation
        .participants
        .into_iter()
        .map(|p| (p.name, p.language))
        .collect();
    people.sort();
    people
}

fn spanish_and_unknown() -> PairingRequest {
    let mut ana = side("Ana", Channel::Whatsapp, "+34 611 222 444", None);
    ana.language = Some("es".into());
    pairing(
        "Ana ⇄ Bruno",
        ana,
        side("Bruno", Channel::Sms, "+1 555 010 0044", None),
    )
}

#[tokio::test]
async fn the_board_records_a_persons_language_with_their_participant() {
    let app = spawn().await;
    let created: PairingCreated = expect(
        app.admin
            .post_json("/api/v1/pairings", &spanish_and_unknown())
            .await,
        201,
    )
    .await;
    assert_eq!(
        languages_of(&app.admin, &created.conversation_sid).await,
        [
            (Some("Ana".into()), Some("es".into())),
            (Some("Bruno".into()), None)
        ]
    );
}

#[tokio::test]
async fn a_language_that_is_not_a_tag_is_refused_before_anything_is_made() {
    let app = spawn().await;
    for bad in ["Spanish!", "e", "es-", "toolongtag"] {
        let mut request = spanish_and_unknown();
        request.sides[0].language = Some(bad.into());
        let refused = app.admin.post_json("/api/v1/pairings", &request).await;
        let body: serde_json::Value = expect(refused, 422).await;
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains(bad) && message.contains("language"),
            "{message}"
        );
    }
    let list: serde_json::Value = app
        .admin
        .get_ok("/api/v1/conversations?q=Ana%20%E2%87%84%20Bruno")
        .await;
    assert_eq!(
        list["conversations"].as_array().unwrap().len(),
        0,
        "nothing was made"
    );
}

#[tokio::test]
async fn a_csv_language_column_records_each_persons_language() {
    let app = spawn().await;
    let csv = "friendly_name,a_name,a_channel,a_number,a_language,b_name,b_channel,b_number,b_language\n\
        Lang,Ines,whatsapp,+34 611 000 021,pt_BR,Tom,sms,+1 555 010 1021,\n\
        Bad,Eva,whatsapp,+34 611 000 022,not a tag,Fede,sms,+1 555 010 1022,\n";
    let preview: ImportPreview = expect(
        app.admin
            .post_json("/api/v1/pairings/imports/preview", &json!({ "csv": csv }))
            .await,
        200,
    )
    .await;
    assert_eq!((preview.valid, preview.invalid), (1, 1));
    assert!(
        preview.rows[1].problems[0].starts_with("a_language: "),
        "{:?}",
        preview.rows[1]
    );

    let started: ImportProgress = expect(
        app.admin
            .post_json("/api/v1/pairings/imports", &json!({ "csv": csv }))
            .await,
        202,
    )
    .await;
    let done = crate::imports::finished(&app.admin, started.id).await;
    let sid = done
        .rows
        .iter()
        .find_map(|r| r.conversation_sid.clone())
        .expect("the valid row was paired");
    assert_eq!(
        languages_of(&app.admin, &sid).await,
        [
            (Some("Ines".into()), Some("pt_BR".into())),
            (Some("Tom".into()), None)
        ]
    );
}
