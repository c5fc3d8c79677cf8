//! `switchboard db copy`: a server's SQLite records carried into PostgreSQL, where a server on the
//! copy signs the same people in and lists the same audit log; a copy into a database that holds
//! records, a copy that fails midway and a missing source leave the target as it was.

use std::path::Path;
use std::process::{Command, Output};

use sqlx::Row;
use switchboard_core::api::{AuditPage, NewUser, Role, SessionInfo, StaffUser, UserList};
use switchboard_server::db::{self, Location};

use crate::common::database::fresh_postgres;
use crate::common::{ADMIN, Client, PASSWORD, TestApp, TestServer, expect};

/// A server on a SQLite file in `dir`, with its first admin and a signed-in operator `rider`.
async fn source(dir: &Path) -> (TestApp, Client) {
    let server = TestServer::start_on(Location::File(dir.join("source.db"))).await;
    let admin = server.set_up_admin().await;
    let app = TestApp { server, admin };
    app.add_user("rider", Role::Operator).await;
    let rider = app.signed_in("rider").await;
    (app, rider)
}

fn db_copy(from: &Location, to: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["db", "copy", "--from"])
        .arg(from.expose_as_arg())
        .args(["--to", to])
        .env_remove("SWITCHBOARD_DB")
        .output()
        .unwrap()
}

fn said(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Refused with exit code 2 and one sentence holding `fragment`.
fn refused(output: &Output, fragment: &str) -> String {
    let (_, stderr) = said(output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(fragment), "{stderr}");
    stderr
}

async fn admin_of(server: &TestServer) -> Client {
    let mut admin = server.anonymous();
    admin
        .sign_in(ADMIN, PASSWORD)
        .await
        .expect("the admin signs in");
    admin
}

async fn usernames(admin: &Client) -> Vec<String> {
    let list: UserList = admin.get_ok("/api/v1/users").await;
    list.users.into_iter().map(|u| u.username).collect()
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn a_server_on_the_postgres_copy_signs_the_same_people_in_and_lists_the_same_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let (app, rider) = source(dir.path()).await;
    let before: AuditPage = app.admin.get_ok("/api/v1/audit").await;
    assert!(before.entries.len() >= 2 && before.next_before.is_none());
    let target = fresh_postgres().await;

    let output = db_copy(&app.server.db, &target.expose_as_arg());
    let (stdout, stderr) = said(&output);
    assert!(output.status.success(), "{stderr}");
    for line in [
        "users: 2".to_owned(),
        "sessions: 2".to_owned(),
        format!("audit_log: {}", before.entries.len()),
        "instances".to_owned(),
    ] {
        assert_eq!(
            stdout.lines().any(|l| l == line),
            line != "instances",
            "{line:?} in {stdout}"
        );
    }

    let copy = TestServer::start_on(target).await;
    let mut operator = copy.anonymous();
    let signed_in = operator.sign_in("rider", PASSWORD).await.unwrap();
    assert_eq!(signed_in.user.role, Role::Operator);
    let carried_session = Client {
        http: rider.http.clone(),
        base: copy.base.clone(),
        csrf: rider.csrf.clone(),
        username: rider.username.clone(),
    };
    let me: SessionInfo = carried_session.get_ok("/api/v1/session").await;
    assert_eq!(me.user.username, "rider");

    let admin = admin_of(&copy).await;
    let after: AuditPage = admin.get_ok("/api/v1/audit").await;
    let last_copied = before.entries[0].id;
    let copied: Vec<_> = after
        .entries
        .iter()
        .filter(|e| e.id <= last_copied)
        .cloned()
        .collect();
    assert_eq!(copied, before.entries);

    let newcomer: StaffUser = expect(
        admin
            .post_json(
                "/api/v1/users",
                &NewUser {
                    username: "newcomer".into(),
                    password: PASSWORD.into(),
                    role: Role::Viewer,
                },
            )
            .await,
        201,
    )
    .await;
    assert!(newcomer.id > signed_in.user.id, "{newcomer:?}");
    let newest: AuditPage = admin.get_ok("/api/v1/audit?limit=1").await;
    assert!(newest.entries[0].id > last_copied, "{newest:?}");
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn a_second_copy_into_a_database_that_holds_accounts_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _rider) = source(dir.path()).await;
    let target = fresh_postgres().await;
    assert!(
        db_copy(&app.server.db, &target.expose_as_arg())
            .status
            .success()
    );
    app.add_user("late", Role::Viewer).await;

    let again = db_copy(&app.server.db, &target.expose_as_arg());
    refused(&again, "already holds staff accounts or audit entries");

    let copy = TestServer::start_on(target).await;
    let names = usernames(&admin_of(&copy).await).await;
    assert!(names.contains(&"rider".to_owned()), "{names:?}");
    assert!(!names.contains(&"late".to_owned()), "{names:?}");
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn a_copy_that_fails_midway_leaves_the_target_without_any_record() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _rider) = source(dir.path()).await;
    let target = fresh_postgres().await;
    let pool = db::connect(&target).await.unwrap();
    // Users and sessions are written before the audit log, which then refuses its first row.
    sqlx::raw_sql(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$; \
         CREATE TRIGGER refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse();",
    )
    .execute(&pool)
    .await
    .unwrap();

    let failed = db_copy(&app.server.db, &target.expose_as_arg());
    refused(&failed, "refused by the test");
    for table in ["users", "sessions", "audit_log"] {
        let rows: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM {table}"
        )))
        .fetch_one(&pool)
        .await
        .unwrap()
        .get("n");
        assert_eq!(rows, 0, "{table}");
    }

    sqlx::raw_sql("DROP TRIGGER refuse ON audit_log")
        .execute(&pool)
        .await
        .unwrap();
    let retried = db_copy(&app.server.db, &target.expose_as_arg());
    assert!(retried.status.success(), "{:?}", said(&retried));
}

#[tokio::test]
async fn a_missing_source_file_is_refused_with_a_sentence_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let output = db_copy(
        &Location::File(missing.clone()),
        "postgres://app:hunter2@127.0.0.1:9/switchboard",
    );
    let stderr = refused(&output, "there is no SQLite file at");
    assert!(!missing.exists());
    assert!(!stderr.contains("hunter2"), "{stderr}");
}

#[tokio::test]
async fn an_unreachable_target_is_named_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let source = Location::File(dir.path().join("source.db"));
    db::connect(&source).await.unwrap();
    let output = db_copy(&source, "postgres://app:hunter2@127.0.0.1:9/switchboard");
    let stderr = refused(&output, "postgres://app:***@127.0.0.1:9/switchboard");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}
