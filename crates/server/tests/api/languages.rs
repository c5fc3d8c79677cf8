//! The dashboard's languages: each catalog served whole to anyone, and each person's own choice kept
//! with their account across sign-outs, apart from everyone else's.

use std::collections::BTreeMap;

use serde_json::json;
use switchboard_catalog::{Messages, catalog};
use switchboard_core::Language;
use switchboard_core::api::{AuditPage, Role, SessionInfo, StaffUser};

use crate::common::{PASSWORD, expect, expect_refusal, spawn};

#[tokio::test]
async fn each_language_is_served_whole_and_in_its_own_words() {
    let app = spawn().await;
    let english: BTreeMap<String, String> = app.anonymous().get_ok("/api/v1/languages/en").await;
    for language in Language::ALL {
        let path = format!("/api/v1/languages/{}", language.tag());
        let served: BTreeMap<String, String> = app.anonymous().get_ok(&path).await;
        let keys: Vec<&str> = served.keys().map(String::as_str).collect();
        let mut expected_keys = Messages::KEYS.to_vec();
        expected_keys.sort_unstable();
        assert_eq!(
            keys,
            expected_keys,
            "{} serves every key once",
            language.tag()
        );
        for (key, text) in &served {
            assert_eq!(Some(text.as_str()), catalog(language).get(key));
        }
        if language != Language::English {
            let translated = served
                .iter()
                .filter(|(key, text)| english[*key] != **text)
                .count();
            assert!(
                translated * 10 >= served.len() * 9,
                "{} differs from English in only {translated} of {} texts",
                language.tag(),
                served.len()
            );
        }
    }
}

#[tokio::test]
async fn a_catalog_travels_compressed_and_an_unknown_language_is_named() {
    let app = spawn().await;
    let compressed = app
        .anonymous()
        .http
        .get(app.anonymous().url("/api/v1/languages/ar"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.status(), 200);
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    let refused = app.anonymous().get("/api/v1/languages/de").await;
    expect_refusal(refused, 404, "ask for one of en, es, pt-BR, fr, ar").await;
}

#[tokio::test]
async fn each_account_keeps_its_own_language_across_sign_outs() {
    let app = spawn().await;
    app.add_user("bruno", Role::Viewer).await;
    let bruno = app.signed_in("bruno").await;
    let before: SessionInfo = bruno.get_ok("/api/v1/session").await;
    assert_eq!(before.user.language, None, "a new account has not chosen");

    let chosen: StaffUser = expect(
        bruno
            .put_json("/api/v1/session/language", &json!({ "language": "ar" }))
            .await,
        200,
    )
    .await;
    assert_eq!(chosen.language, Some(Language::Arabic));
    assert_eq!(bruno.delete("/api/v1/session").await.status(), 204);

    let mut again = app.anonymous();
    let session = again.sign_in("bruno", PASSWORD).await.unwrap();
    assert_eq!(
        session.user.language,
        Some(Language::Arabic),
        "kept after signing out"
    );
    let admin: SessionInfo = app.admin.get_ok("/api/v1/session").await;
    assert_eq!(
        admin.user.language, None,
        "another account's choice is its own"
    );

    let entries: AuditPage = app
        .admin
        .get_ok("/api/v1/audit?action=session.language")
        .await;
    assert_eq!(entries.entries.len(), 1);
    assert_eq!(entries.entries[0].actor, "bruno");
    assert_eq!(entries.entries[0].detail["language"], "ar");
}

#[tokio::test]
async fn a_language_the_dashboard_does_not_speak_is_refused() {
    let app = spawn().await;
    for body in [
        json!({ "language": "de" }),
        json!({ "language": "" }),
        json!({}),
    ] {
        let refused = app.admin.put_json("/api/v1/session/language", &body).await;
        assert_eq!(refused.status(), 422, "{body}");
    }
    let me: SessionInfo = app.admin.get_ok("/api/v1/session").await;
    assert_eq!(me.user.language, None);
}
