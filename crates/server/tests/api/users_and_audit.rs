//! Staff accounts managed by admins, and the audit log that records every change.

use crate::common::{ADMIN, PASSWORD, expect, spawn};
use switchboard_core::api::{
    AuditOutcome, AuditPage, ErrorBody, NewUser, Role, SessionInfo, StaffUser, UserList, UserUpdate,
};

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        password: PASSWORD.into(),
        role,
    }
}

#[tokio::test]
async fn an_admin_adds_a_user_changes_their_role_and_sees_them_listed() {
    let app = spawn().await;
    let created: StaffUser = expect(
        app.admin
            .post_json("/api/v1/users", &new_user("bruno", Role::Viewer))
            .await,
        201,
    )
    .await;
    assert_eq!((created.role, created.disabled), (Role::Viewer, false));
    let promote = UserUpdate {
        role: Some(Role::Operator),
        ..UserUpdate::default()
    };
    let updated: StaffUser = expect(
        app.admin
            .patch_json(&format!("/api/v1/users/{}", created.id), &promote)
            .await,
        200,
    )
    .await;
    assert_eq!(updated.role, Role::Operator);
    let list: UserList = app.admin.get_ok("/api/v1/users").await;
    let names: Vec<_> = list
        .users
        .iter()
        .map(|u| (u.username.as_str(), u.role))
        .collect();
    assert_eq!(names, [("bruno", Role::Operator), (ADMIN, Role::Admin)]);
    let bruno = app.signed_in("bruno").await;
    let me: SessionInfo = bruno.get_ok("/api/v1/session").await;
    assert_eq!(me.user.role, Role::Operator);
}

#[tokio::test]
async fn bad_accounts_are_refused_with_what_to_fix() {
    let app = spawn().await;
    let cases = [
        (new_user("with space", Role::Viewer), 422, "no spaces"),
        (
            NewUser {
                password: "short".into(),
                ..new_user("ok.name", Role::Viewer)
            },
            422,
            "at least 10 characters",
        ),
        (
            new_user(ADMIN, Role::Viewer),
            409,
            "already an account named first.admin",
        ),
    ];
    for (user, status, says) in cases {
        let body: ErrorBody =
            expect(app.admin.post_json("/api/v1/users", &user).await, status).await;
        assert!(body.message.contains(says), "{}", body.message);
    }
    let malformed = app
        .admin
        .post_json("/api/v1/users", &serde_json::json!({ "username": "x" }))
        .await;
    let body: ErrorBody = expect(malformed, 422).await;
    assert_eq!(
        body.message,
        "The request body has no \"password\": this route needs it."
    );
    let missing = app
        .admin
        .patch_json("/api/v1/users/999", &UserUpdate::default())
        .await;
    assert_eq!(expect::<ErrorBody>(missing, 404).await.code, "not_found");
}

#[tokio::test]
async fn the_last_enabled_admin_cannot_be_demoted_or_disabled() {
    let app = spawn().await;
    let me: SessionInfo = app.admin.get_ok("/api/v1/session").await;
    let path = format!("/api/v1/users/{}", me.user.id);
    for update in [
        UserUpdate {
            role: Some(Role::Viewer),
            disabled: None,
        },
        UserUpdate {
            role: None,
            disabled: Some(true),
        },
    ] {
        let body: ErrorBody = expect(app.admin.patch_json(&path, &update).await, 409).await;
        assert_eq!(
            body.message,
            "first.admin is the only enabled admin: make another account admin first."
        );
    }
    app.add_user("second.admin", Role::Admin).await;
    let demote = UserUpdate {
        role: Some(Role::Operator),
        disabled: None,
    };
    assert_eq!(app.admin.patch_json(&path, &demote).await.status(), 200);
}

#[tokio::test]
async fn every_change_is_in_the_audit_log_with_who_what_target_and_outcome() {
    let app = spawn().await;
    app.add_user("bruno", Role::Viewer).await;
    let _ = app
        .admin
        .post_json("/api/v1/users", &new_user("bruno", Role::Viewer))
        .await;
    let _ = app.anonymous().sign_in("bruno", "wrong password").await;

    let page: AuditPage = app.admin.get_ok("/api/v1/audit?action=user.create").await;
    let created: Vec<_> = page
        .entries
        .iter()
        .map(|e| {
            (
                e.actor.as_str(),
                e.target.as_deref(),
                e.outcome,
                e.error.is_some(),
            )
        })
        .collect();
    assert_eq!(
        created,
        [
            (ADMIN, Some("bruno"), AuditOutcome::Failed, true),
            (ADMIN, Some("bruno"), AuditOutcome::Ok, false),
        ]
    );
    assert_eq!(page.entries[1].detail["role"], "viewer");

    let by_bruno: AuditPage = app.admin.get_ok("/api/v1/audit?actor=bruno").await;
    assert_eq!(by_bruno.entries.len(), 1);
    assert_eq!(by_bruno.entries[0].action, "session.create");
    assert_eq!(by_bruno.entries[0].outcome, AuditOutcome::Failed);

    let by_target: AuditPage = app.admin.get_ok("/api/v1/audit?target=bruno").await;
    assert_eq!(by_target.entries.len(), 2);
    assert!(by_target.entries.iter().all(|e| e.at.ends_with('Z')));
}

#[tokio::test]
async fn the_audit_log_pages_newest_first() {
    let app = spawn().await;
    for n in 0..5 {
        app.add_user(&format!("user{n}"), Role::Viewer).await;
    }
    let first: AuditPage = app
        .admin
        .get_ok("/api/v1/audit?action=user.create&limit=2")
        .await;
    let targets = |page: &AuditPage| {
        page.entries
            .iter()
            .map(|e| e.target.clone().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(targets(&first), ["user4", "user3"]);
    let before = first.next_before.expect("more pages");
    let second: AuditPage = app
        .admin
        .get_ok(&format!(
            "/api/v1/audit?action=user.create&limit=2&before={before}"
        ))
        .await;
    assert_eq!(targets(&second), ["user2", "user1"]);
    let last: AuditPage = app
        .admin
        .get_ok(&format!(
            "/api/v1/audit?action=user.create&limit=2&before={}",
            second.next_before.unwrap()
        ))
        .await;
    assert_eq!(targets(&last), ["user0"]);
    assert_eq!(last.next_before, None);

    let bad = app.admin.get("/api/v1/audit?before=yesterday").await;
    let body: ErrorBody = expect(bad, 422).await;
    assert_eq!(
        body.message,
        "The query's \"before\" is not what this route takes: fix that parameter and try again."
    );
}
