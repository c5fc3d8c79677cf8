//! Part 4 on PostgreSQL: the server overhead and memory again, with a second server on a new
//! PostgreSQL database in front of the same sandbox, so its rows sit beside SQLite's.

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::overhead;
use crate::report::Section;
use crate::stack::Stack;

pub const TITLE: &str = "Server overhead on PostgreSQL";
/// What ends each budget's name in this part.
pub const SUFFIX: &str = " on PostgreSQL";

/// Makes a database on the PostgreSQL server `server_url` names, measures a server on it, and drops
/// the database again.
pub async fn overhead(
    stack: &Stack,
    server_url: Option<&str>,
    conversation: &str,
) -> Result<Section, String> {
    let server_url = server_url.ok_or(
        "no PostgreSQL server given (cargo xtask bench starts one; else --postgres-url or SWITCHBOARD_TEST_POSTGRES_URL)",
    )?;
    let name = format!("switchboard_bench_{}", std::process::id());
    let mut admin = PgConnection::connect(server_url)
        .await
        .map_err(|e| format!("could not reach PostgreSQL at {}: {e}", shown(server_url)))?;
    // The name is made here from a fixed prefix and the process id.
    let create = format!("CREATE DATABASE {name}");
    sqlx::raw_sql(AssertSqlSafe(create))
        .execute(&mut admin)
        .await
        .map_err(|e| format!("could not create the database {name}: {e}"))?;
    let measured = measure(stack, &database_url(server_url, &name)?, conversation).await;
    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    if let Err(e) = sqlx::raw_sql(AssertSqlSafe(drop)).execute(&mut admin).await {
        eprintln!("bench: could not drop the database {name}: {e}");
    }
    measured
}

async fn measure(stack: &Stack, db: &str, conversation: &str) -> Result<Section, String> {
    let server = stack.another_server(db).await?;
    let mut section =
        overhead::measure(stack, &server.session, server.pid, conversation, SUFFIX).await?;
    section.title = TITLE.into();
    section.markdown = format!(
        "The same measurement with a second server on a new PostgreSQL database (on the cluster `cargo xtask bench` starts on this machine with durable settings, unless `SWITCHBOARD_TEST_POSTGRES_URL` named another server), in front of the same sandbox; its memory is the server's alone, not PostgreSQL's.\n\n{}",
        section.markdown
    );
    Ok(section)
}

/// `server_url` with the database `name` in place of its own.
fn database_url(server_url: &str, name: &str) -> Result<String, String> {
    let mut url = url::Url::parse(server_url)
        .map_err(|e| format!("the PostgreSQL URL cannot be read: {e}"))?;
    url.set_path(name);
    Ok(url.into())
}

/// The URL without its password, for sentences.
fn shown(server_url: &str) -> String {
    match url::Url::parse(server_url) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.into()
        }
        Err(_) => "the given URL".into(),
    }
}
