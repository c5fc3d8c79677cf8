//! Who may do what: setup, sign-in, sessions, CSRF, throttling and roles, over HTTP.

use crate::common;

use crate::common::{ADMIN, PASSWORD, SETUP_TOKEN, TestServer, expect, spawn};
use switchboard_core::api::{
    ErrorBody, NewUser, PasswordChange, Role, ServerInfo, SessionInfo, SetupRequest, UserUpdate,
};
use switchboard_server::Upstream;

fn setup_body(token: &str, password: &str) -> SetupRequest {
    SetupRequest {
        token: token.into(),
        username: ADMIN.into(),
        password: password.into(),
    }
}

#[tokio::test]
async fn the_first_admin_is_created_once_with_the_setup_token() {
    let server = TestServer::start(Upstream::Sandbox).await;
    let anonymous = server.anonymous();
    let info: ServerInfo = anonymous.get_ok("/api/v1/info").await;
    assert!(info.setup_required);

    let wrong = anonymous
        .post_json(
            "/api/v1/setup",
            &setup_body("a-guessed-token-value", PASSWORD),
        )
        .await;
    let body: ErrorBody = expect(wrong, 403).await;
    assert!(
        body.message.contains("setup link is not valid"),
        "{}",
        body.message
    );
    let weak = anonymous
        .post_json("/api/v1/setup", &setup_body(SETUP_TOKEN, "short"))
        .await;
    let body: ErrorBody = expect(weak, 422).await;
    assert_eq!(body.message, "A password needs at least 10 characters.");
    let said = body.said.expect("the refusal names its sentence");
    assert_eq!(
        (said.key.as_str(), said.values["min"].as_str()),
        ("password_short", "10")
    );

    let admin = server.set_up_admin().await;
    let session: SessionInfo = admin.get_ok("/api/v1/session").await;
    assert_eq!(
        (session.user.username.as_str(), session.user.role),
        (ADMIN, Role::Admin)
    );
    let info: ServerInfo = anonymous.get_ok("/api/v1/info").await;
    assert!(!info.setup_required);
    let again = anonymous
        .post_json("/api/v1/setup", &setup_body(SETUP_TOKEN, PASSWORD))
        .await;
    let body: ErrorBody = expect(again, 409).await;
    assert!(
        body.message.starts_with("Setup is already done"),
        "{}",
        body.message
    );
}

#[tokio::test]
async fn without_a_session_every_api_route_but_info_sign_in_and_setup_answers_401_json() {
    let app = spawn().await;
    let anonymous = app.anonymous();
    for path in [
        "/api/v1/session",
        "/api/v1/users",
        "/api/v1/audit",
        "/api/v1/conversations",
    ] {
        let body: ErrorBody = expect(anonymous.get(path).await, 401).await;
        assert_eq!(body.code, "unauthenticated", "{path}");
        assert!(body.message.starts_with("Sign in to continue"), "{path}");
    }
    let change = anonymous
        .patch_json("/api/v1/users/1", &UserUpdate::default())
        .await;
    assert_eq!(change.status(), 401);
    assert_eq!(anonymous.get("/api/v1/info").await.status(), 200);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_strict_and_a_wrong_password_is_refused() {
    let app = spawn().await;
    let mut client = app.anonymous();
    let refused = client.sign_in(ADMIN, "not the password").await.unwrap_err();
    assert_eq!(refused.status, 401);
    assert_eq!(
        refused.body.message,
        "The username or password is wrong. Check both and try again."
    );
    let unknown = client.sign_in("nobody.here", PASSWORD).await.unwrap_err();
    assert_eq!(unknown.body.message, refused.body.message);

    let login = serde_json::json!({ "username": ADMIN, "password": PASSWORD });
    let response = client.post_json("/api/v1/session", &login).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("switchboard_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http must not mark the cookie Secure: {cookie}"
    );
}

#[tokio::test]
async fn behind_an_https_public_url_the_cookie_is_secure() {
    let server = TestServer::start_configured(Upstream::Sandbox, |config| {
        config.public_url = Some("https://switchboard.example.com".into());
    })
    .await;
    let response = server
        .anonymous()
        .post_json("/api/v1/setup", &setup_body(SETUP_TOKEN, PASSWORD))
        .await;
    assert_eq!(response.status(), 201);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
}

#[tokio::test]
async fn a_change_without_the_csrf_token_or_from_another_site_is_refused() {
    let app = spawn().await;
    let new_user = NewUser {
        username: "bruno".into(),
        password: PASSWORD.into(),
        role: Role::Viewer,
    };
    let url = app.admin.url("/api/v1/users");
    let without_token = app
        .admin
        .http
        .post(&url)
        .json(&new_user)
        .send()
        .await
        .unwrap();
    let body: ErrorBody = expect(without_token, 403).await;
    assert_eq!(body.code, "cross_site");

    let token = app.admin.csrf.clone().unwrap();
    let other_origin = app
        .admin
        .http
        .post(&url)
        .header("x-csrf-token", &token)
        .header("origin", "https://attacker.example")
        .json(&new_user)
        .send()
        .await
        .unwrap();
    assert_eq!(
        expect::<ErrorBody>(other_origin, 403).await.code,
        "cross_site"
    );
    let cross_site = app
        .admin
        .http
        .post(&url)
        .header("x-csrf-token", &token)
        .header("sec-fetch-site", "cross-site")
        .json(&new_user)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);

    let same_origin = app
        .admin
        .http
        .post(&url)
        .header("x-csrf-token", &token)
        .header("origin", &app.server.base)
        .header("sec-fetch-site", "same-origin")
        .json(&new_user)
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 201);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn().await;
    let cookie_of = |client: &common::Client| client.csrf.clone();
    assert!(cookie_of(&app.admin).is_some());
    assert_eq!(app.admin.delete("/api/v1/session").await.status(), 204);
    assert_eq!(app.admin.get("/api/v1/session").await.status(), 401);
}

#[tokio::test]
async fn a_role_change_applies_to_the_very_next_request_of_a_session_in_use() {
    let app = spawn().await;
    let operator = app.client_with_role(Role::Operator).await;
    let me: SessionInfo = operator.get_ok("/api/v1/session").await;
    assert_eq!(me.user.role, Role::Operator);
    let demote = UserUpdate {
        role: Some(Role::Viewer),
        ..UserUpdate::default()
    };
    let path = format!("/api/v1/users/{}", me.user.id);
    assert_eq!(app.admin.patch_json(&path, &demote).await.status(), 200);
    let now: SessionInfo = operator.get_ok("/api/v1/session").await;
    assert_eq!(now.user.role, Role::Viewer);
    let refused = operator
        .post_json("/api/v1/pairings", &serde_json::json!({}))
        .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn changing_the_password_ends_every_session_of_that_person() {
    let app = spawn().await;
    let other_tab = app.signed_in(ADMIN).await;
    let change = PasswordChange {
        current_password: PASSWORD.into(),
        new_password: "a brand new passphrase".into(),
    };
    let wrong_current = PasswordChange {
        current_password: "not it at all".into(),
        ..change.clone()
    };
    let refused = app
        .admin
        .post_json("/api/v1/session/password", &wrong_current)
        .await;
    assert_eq!(expect::<ErrorBody>(refused, 422).await.code, "invalid");
    let response = app
        .admin
        .post_json("/api/v1/session/password", &change)
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(app.admin.get("/api/v1/session").await.status(), 401);
    assert_eq!(other_tab.get("/api/v1/session").await.status(), 401);
    let mut client = app.anonymous();
    assert_eq!(
        client.sign_in(ADMIN, PASSWORD).await.unwrap_err().status,
        401
    );
    client
        .sign_in(ADMIN, "a brand new passphrase")
        .await
        .unwrap();
}

#[tokio::test]
async fn an_expired_session_is_refused_and_removed() {
    let app = spawn().await;
    let db = app.server.database().await;
    sqlx::query("UPDATE sessions SET expires_at = 0")
        .execute(&db)
        .await
        .unwrap();
    let body: ErrorBody = expect(app.admin.get("/api/v1/session").await, 401).await;
    assert_eq!(body.code, "unauthenticated");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_and_cannot_sign_in() {
    let app = spawn().await;
    let operator = app.client_with_role(Role::Operator).await;
    let me: SessionInfo = operator.get_ok("/api/v1/session").await;
    let update = UserUpdate {
        disabled: Some(true),
        ..UserUpdate::default()
    };
    let response = app
        .admin
        .patch_json(&format!("/api/v1/users/{}", me.user.id), &update)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(operator.get("/api/v1/session").await.status(), 401);
    let refused = app
        .anonymous()
        .sign_in("operator", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        refused.body.message,
        "This account is disabled. Ask an admin to enable it."
    );
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_that_username_even_against_the_right_one() {
    let app = spawn().await;
    app.add_user("alicia", Role::Viewer).await;
    let mut guesser = app.anonymous();
    for _ in 0..5 {
        assert_eq!(
            guesser
                .sign_in("alicia", "wrong guess!")
                .await
                .unwrap_err()
                .status,
            401
        );
    }
    let locked = guesser.sign_in("alicia", PASSWORD).await.unwrap_err();
    assert_eq!(locked.status, 429);
    assert!(
        locked
            .body
            .message
            .starts_with("Too many failed sign-ins. Wait"),
        "{}",
        locked.body.message
    );
    let wait: u64 = locked.retry_after.unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60);
}

#[tokio::test]
async fn one_address_guessing_many_usernames_is_locked_out() {
    let app = spawn().await;
    let mut guesser = app.anonymous();
    for n in 0..20 {
        let refused = guesser
            .sign_in(&format!("user{n}"), "wrong guess!")
            .await
            .unwrap_err();
        assert_eq!(refused.status, 401);
    }
    let locked = guesser.sign_in(ADMIN, PASSWORD).await.unwrap_err();
    assert_eq!(locked.status, 429);
}

#[tokio::test]
async fn each_role_is_refused_what_it_may_not_do_with_a_sentence() {
    let app = spawn().await;
    let viewer = app.client_with_role(Role::Viewer).await;
    let operator = app.client_with_role(Role::Operator).await;
    for client in [&viewer, &operator] {
        let body: ErrorBody = expect(client.get("/api/v1/users").await, 403).await;
        assert_eq!(body.code, "forbidden");
        assert!(
            body.message.starts_with("This needs the admin role"),
            "{}",
            body.message
        );
        let new_user = NewUser {
            username: "sneaky".into(),
            password: PASSWORD.into(),
            role: Role::Admin,
        };
        assert_eq!(
            client.post_json("/api/v1/users", &new_user).await.status(),
            403
        );
        assert_eq!(client.get("/api/v1/audit").await.status(), 200);
        assert_eq!(client.get("/api/v1/conversations").await.status(), 200);
    }
    let body: ErrorBody = expect(viewer.get("/api/v1/users").await, 403).await;
    assert_eq!(
        body.message,
        "This needs the admin role, and viewer is a viewer. Ask an admin if you need it."
    );
}
