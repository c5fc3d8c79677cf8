//! The database goes away for about 4 s under load, as in a restart: every instance answers at once
//! with a 503 that says to retry (never a hang, never a 500), reports itself not ready, comes back by
//! itself when the database does, and has lost no change it said was made.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use sqlx::Row;
use switchboard_core::api::{ErrorBody, NewUser, Role};

use crate::common::cluster::Cluster;
use crate::common::database::postgres_admin;
use crate::common::{Client, PASSWORD};

/// Longer than any answer may take: the pool gives up on the database after 3 s.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);
const GAP: Duration = Duration::from_secs(4);
const RECOVERED_WITHIN: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Session,
    Users,
    Create,
    Ready,
}

/// How one request went, its times counted from the start of the load.
#[derive(Debug, Clone)]
struct Answer {
    instance: usize,
    kind: Kind,
    started: Duration,
    ended: Duration,
    /// The status, or what went wrong on the way (a timeout is a hang).
    status: Result<u16, String>,
    retry_after: bool,
    code: Option<String>,
    /// The account a creation asked for.
    username: Option<String>,
}

impl Answer {
    fn ok(&self) -> bool {
        self.status.as_ref().is_ok_and(|s| (200..300).contains(s))
    }

    /// A 503 as a client can act on it: `Retry-After` and the sentence's code.
    fn proper_503(&self) -> bool {
        self.status == Ok(503)
            && match self.kind {
                Kind::Ready => self.code.as_deref() == Some("not_ready"),
                _ => self.retry_after && self.code.as_deref() == Some("database_unavailable"),
            }
    }
}

#[derive(Clone)]
struct Load {
    t0: Instant,
    stop: Arc<AtomicBool>,
    answers: Arc<Mutex<Vec<Answer>>>,
}

impl Load {
    async fn send(
        &self,
        instance: usize,
        kind: Kind,
        request: reqwest::RequestBuilder,
        username: Option<String>,
    ) {
        let started = self.t0.elapsed();
        let (status, retry_after, code) = match request.timeout(ANSWER_WITHIN).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let retry_after = response.headers().contains_key("retry-after");
                let body = response.json::<ErrorBody>().await.ok();
                (Ok(status), retry_after, body.map(|b| b.code))
            }
            Err(error) => (Err(error.to_string()), false, None),
        };
        let answer = Answer {
            instance,
            kind,
            started,
            ended: self.t0.elapsed(),
            status,
            retry_after,
            code,
            username,
        };
        self.answers.lock().unwrap().push(answer);
    }

    fn running(&self) -> bool {
        !self.stop.load(Ordering::Relaxed)
    }

    /// The admin's reads on one instance: their session and the list of accounts, in turn.
    async fn read(self, instance: usize, admin: Client) {
        while self.running() {
            let session = admin.http.get(admin.url("/api/v1/session"));
            self.send(instance, Kind::Session, session, None).await;
            let users = admin.http.get(admin.url("/api/v1/users"));
            self.send(instance, Kind::Users, users, None).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// New accounts made through one instance, one after the other.
    async fn write(self, instance: usize, admin: Client) {
        let mut n = 0;
        while self.running() {
            let username = format!("load-{instance}-{n}");
            n += 1;
            let new = NewUser {
                username: username.clone(),
                password: PASSWORD.into(),
                role: Role::Viewer,
            };
            let request = admin
                .http
                .post(admin.url("/api/v1/users"))
                .header("x-csrf-token", admin.csrf.clone().unwrap())
                .json(&new);
            self.send(instance, Kind::Create, request, Some(username))
                .await;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    async fn probe(self, instance: usize, base: String) {
        let http = reqwest::Client::new();
        while self.running() {
            let ready = http.get(format!("{base}/readyz"));
            self.send(instance, Kind::Ready, ready, None).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Closes the database to connections and ends every one it has, as a restart does.
async fn take_down(admin: &mut sqlx::PgConnection, name: &str) {
    let statements = [
        format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
        format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ),
    ];
    for statement in statements {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(&mut *admin)
            .await
            .unwrap();
    }
}

async fn bring_back(admin: &mut sqlx::PgConnection, name: &str) {
    let statement = format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true");
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
        .execute(admin)
        .await
        .unwrap();
}

/// When each instance first answered ready after `since`, if it did.
fn ready_again(answers: &[Answer], instances: usize, since: Duration) -> Vec<Option<Duration>> {
    (0..instances)
        .map(|i| {
            answers
                .iter()
                .filter(|a| a.instance == i && a.kind == Kind::Ready && a.started >= since)
                .filter(|a| a.ok())
                .map(|a| a.ended)
                .min()
        })
        .collect()
}

fn describe(answers: &[&Answer]) -> String {
    answers
        .iter()
        .take(10)
        .map(|a| format!("{a:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
#[ignore = "needs several instances on PostgreSQL: cargo xtask test runs it"]
async fn a_database_restart_under_load_is_answered_with_503s_and_loses_nothing() {
    let mut cluster = Cluster::start(3).await;
    let pids: Vec<_> = (0..cluster.len()).map(|i| cluster.pid(i)).collect();
    let name = cluster.database_name();
    let mut postgres = postgres_admin().await;
    let load = Load {
        t0: Instant::now(),
        stop: Arc::new(AtomicBool::new(false)),
        answers: Arc::default(),
    };
    let mut tasks = Vec::new();
    for (i, base) in cluster.bases.iter().enumerate() {
        let admin = cluster.admin.on(base);
        tasks.push(tokio::spawn(load.clone().read(i, admin.on(base))));
        tasks.push(tokio::spawn(load.clone().write(i, admin)));
        tasks.push(tokio::spawn(load.clone().probe(i, base.clone())));
    }

    tokio::time::sleep(Duration::from_secs(2)).await;
    let cut = load.t0.elapsed();
    take_down(&mut postgres, &name).await;
    let down = load.t0.elapsed();
    tokio::time::sleep(GAP).await;
    let back = load.t0.elapsed();
    bring_back(&mut postgres, &name).await;
    let reopened = load.t0.elapsed();
    let deadline = Instant::now() + RECOVERED_WITHIN;
    let recovered = loop {
        let answers = load.answers.lock().unwrap().clone();
        let recovered = ready_again(&answers, cluster.len(), reopened);
        if recovered.iter().all(Option::is_some) || Instant::now() >= deadline {
            break recovered;
        }
        drop(answers);
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Two more seconds of load on the recovered instances.
    tokio::time::sleep(Duration::from_secs(2)).await;
    load.stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.unwrap();
    }
    let answers = load.answers.lock().unwrap().clone();

    let recovery: Vec<Option<Duration>> = recovered
        .iter()
        .map(|r| r.map(|r| r.saturating_sub(reopened)))
        .collect();
    let in_gap: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.started >= down && a.ended <= back)
        .collect();
    let mut gap_counts: BTreeMap<(usize, Kind, String), usize> = BTreeMap::new();
    for a in &in_gap {
        let status = a.status.as_ref().map_or("error".to_owned(), u16::to_string);
        *gap_counts.entry((a.instance, a.kind, status)).or_default() += 1;
    }
    let slowest = answers.iter().map(|a| a.ended - a.started).max().unwrap();
    println!(
        "database down from {down:?} to {back:?} ({} requests in all, the slowest took {slowest:?}); \
         answers in the gap by (instance, kind, status): {gap_counts:?}; ready again after {recovery:?}",
        answers.len()
    );

    let hung: Vec<&Answer> = answers.iter().filter(|a| a.status.is_err()).collect();
    assert!(
        hung.is_empty(),
        "requests with no answer within {ANSWER_WITHIN:?}:\n{}",
        describe(&hung)
    );
    let improper: Vec<&Answer> = answers
        .iter()
        .filter(|a| !a.ok() && !a.proper_503())
        .collect();
    assert!(
        improper.is_empty(),
        "answers other than success or a 503 with Retry-After and its code:\n{}",
        describe(&improper)
    );
    let failed_before: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.ended < cut && !a.ok())
        .collect();
    assert!(
        failed_before.is_empty(),
        "failures before the database went away:\n{}",
        describe(&failed_before)
    );
    for i in 0..cluster.len() {
        for kind in [Kind::Users, Kind::Create, Kind::Ready] {
            let refused = in_gap
                .iter()
                .any(|a| a.instance == i && a.kind == kind && a.status == Ok(503));
            assert!(
                refused,
                "instance {i} never answered {kind:?} with a 503 in the gap"
            );
        }
    }
    assert!(
        recovery.iter().all(|r| r.is_some()),
        "not every instance was ready again within {RECOVERED_WITHIN:?}: {recovery:?}"
    );
    let failed_after: Vec<&Answer> = answers
        .iter()
        .filter(|a| recovered[a.instance].is_some_and(|r| a.started >= r) && !a.ok())
        .collect();
    assert!(
        failed_after.is_empty(),
        "failures after the instance was ready again:\n{}",
        describe(&failed_after)
    );
    for (i, pid) in pids.into_iter().enumerate() {
        assert!(cluster.is_running(i), "instance {i} stopped");
        assert_eq!(cluster.pid(i), pid, "instance {i} was restarted");
        let admin = cluster.admin.on(&cluster.bases[i]);
        let new =
            json!({ "username": format!("after-{i}"), "password": PASSWORD, "role": "viewer" });
        assert_eq!(admin.post_json("/api/v1/users", &new).await.status(), 201);
    }

    let db = cluster.database().await;
    let stored: BTreeMap<String, (String, i64)> = sqlx::query(
        "SELECT username, role, LENGTH(password_hash) AS hashed FROM users WHERE username LIKE 'load-%'",
    )
    .fetch_all(&db)
    .await
    .unwrap()
    .into_iter()
    .map(|row| {
        let username: String = row.get("username");
        (username, (row.get("role"), row.get("hashed")))
    })
    .collect();
    let made: BTreeSet<&str> = answers
        .iter()
        .filter(|a| a.kind == Kind::Create && a.ok())
        .filter_map(|a| a.username.as_deref())
        .collect();
    let refused: BTreeSet<&str> = answers
        .iter()
        .filter(|a| a.kind == Kind::Create && !a.ok())
        .filter_map(|a| a.username.as_deref())
        .collect();
    let lost: Vec<&&str> = made.iter().filter(|u| !stored.contains_key(**u)).collect();
    let made_anyway: Vec<&&str> = refused
        .iter()
        .filter(|u| stored.contains_key(**u))
        .collect();
    let half_made: Vec<(&String, &(String, i64))> = stored
        .iter()
        .filter(|(_, (role, hashed))| role != "viewer" || *hashed == 0)
        .collect();
    let audited: BTreeSet<String> = sqlx::query(
        "SELECT target FROM audit_log WHERE action = 'user.create' AND outcome = 'ok' AND target LIKE 'load-%'",
    )
    .fetch_all(&db)
    .await
    .unwrap()
    .into_iter()
    .map(|row| row.get("target"))
    .collect();
    let unaudited = made.iter().filter(|u| !audited.contains(**u)).count();
    println!(
        "{} accounts made (answered 2xx), {} refused ({} of them stored all the same), {} stored; \
         {unaudited} made without an audit entry",
        made.len(),
        refused.len(),
        made_anyway.len(),
        stored.len()
    );
    assert!(lost.is_empty(), "answered as made but not stored: {lost:?}");
    assert!(half_made.is_empty(), "stored incomplete: {half_made:?}");
    assert_eq!(
        stored.len(),
        made.len() + made_anyway.len(),
        "stored accounts nobody asked for"
    );
    assert!(!made.is_empty(), "the load made no account");
}
