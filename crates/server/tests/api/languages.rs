//! The dashboard's languages: each catalog served whole to anyone, and each person's own choice kept
//! with their account across sign-outs, apart from everyone else's.

use std::collections::BTreeMap;

use serde_json::json;
use switchboard_catalog::{Messages, Problems, catalog, problems};
use switchboard_core::Language;
use switchboard_core::api::{AuditPage, ErrorBody, LanguageCatalog, Role, SessionInfo, StaffUser};

use crate::common::said::filled;
use crate::common::{PASSWORD, expect, expect_refusal, spawn};

#[tokio::test]
async fn each_language_is_served_whole_and_in_its_own_words() {
    let app = spawn().await;
    let english: LanguageCatalog = app.anonymous().get_ok("/api/v1/languages/en").await;
    for language in Language::ALL {
        let path = format!("/api/v1/languages/{}", language.tag());
        let served: LanguageCatalog = app.anonymous().get_ok(&path).await;
        assert_eq!(served.keys, Messages::FINGERPRINT, "{path} names its keys");
        assert_eq!(
            served.texts.len(),
            Messages::KEYS.len(),
            "{path} serves one text per key"
        );
        let read = Messages::read(served.keys, served.texts.clone())
            .expect("the served catalog reads back");
        for (key, text) in Messages::KEYS.iter().zip(&served.texts) {
            assert_eq!(
                Some(text.as_str()),
                catalog(language).get(key),
                "{path} {key}"
            );
            assert_eq!(
                read.get(key),
                catalog(language).get(key),
                "{path} {key} read back"
            );
        }
        if language != Language::English {
            let translated = served
                .texts
                .iter()
                .zip(&english.texts)
                .filter(|(text, english)| text != english)
                .count();
            assert!(
                translated * 10 >= served.texts.len() * 9,
                "{} differs from English in only {translated} of {} texts",
                language.tag(),
                served.texts.len()
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

#[tokio::test]
async fn a_refusal_names_its_sentence_and_values_so_each_language_can_say_it() {
    let app = spawn().await;
    app.add_user("bruno", Role::Viewer).await;
    let bruno = app.signed_in("bruno").await;
    let refused = bruno
        .delete("/api/v1/conversations/CH00000000000000000000000000000000")
        .await;
    assert_eq!(refused.status(), 403);
    let body: ErrorBody = refused.json().await.unwrap();
    let said = body
        .said
        .expect("a refusal from the catalog names its sentence");
    assert_eq!(said.key, "needs_role");
    assert_eq!(
        said.values,
        BTreeMap::from(
            [
                ("needed", "admin"),
                ("username", "bruno"),
                ("role", "viewer")
            ]
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
        )
    );
    let english = problems(Language::English).get(&said.key).unwrap();
    assert_eq!(body.message, filled(english, &said.values));
    assert!(!body.message.contains('{'), "{}", body.message);

    let wrong = app
        .anonymous()
        .post_json(
            "/api/v1/session",
            &json!({ "username": "bruno", "password": "not the password" }),
        )
        .await;
    let wrong: ErrorBody = wrong.json().await.unwrap();
    assert_eq!(wrong.said.map(|s| s.key).as_deref(), Some("sign_in_wrong"));

    for language in Language::ALL {
        let path = format!("/api/v1/languages/{}", language.tag());
        let served: LanguageCatalog = app.anonymous().get_ok(&path).await;
        let mut keys: Vec<&str> = served.problems.keys().map(String::as_str).collect();
        let mut expected = Problems::KEYS.to_vec();
        keys.sort_unstable();
        expected.sort_unstable();
        assert_eq!(keys, expected, "{path} serves every refusal");
        let sentence = filled(&served.problems[&said.key], &said.values);
        assert!(
            sentence.contains("bruno") && !sentence.contains('{'),
            "{path}: {sentence}"
        );
        if language != Language::English {
            assert_ne!(sentence, body.message, "{path} says it in its own words");
        }
    }
}

#[tokio::test]
async fn a_refused_change_is_audited_with_its_refusals_key_and_values() {
    let app = spawn().await;
    app.add_user("carla", Role::Viewer).await;
    let short = json!({ "username": "dora", "password": "short", "role": "viewer" });
    assert_eq!(
        app.admin.post_json("/api/v1/users", &short).await.status(),
        422
    );
    let wrong = app
        .anonymous()
        .post_json(
            "/api/v1/session",
            &json!({ "username": "carla", "password": "not the password" }),
        )
        .await;
    assert_eq!(wrong.status(), 401);

    let said = async |action: &str| {
        let log: AuditPage = app
            .admin
            .get_ok(&format!("/api/v1/audit?action={action}"))
            .await;
        let entry = log
            .entries
            .into_iter()
            .find(|e| e.error.is_some())
            .unwrap_or_else(|| panic!("a failed {action} is audited"));
        let said = entry.said.expect("the reason names its sentence");
        let english = problems(Language::English).get(&said.key).unwrap();
        assert_eq!(entry.error, Some(filled(english, &said.values)));
        said
    };
    let create = said("user.create").await;
    assert_eq!(
        (create.key.as_str(), create.values["min"].as_str()),
        ("password_short", "10")
    );
    assert_eq!(said("session.create").await.key, "sign_in_wrong");
}
