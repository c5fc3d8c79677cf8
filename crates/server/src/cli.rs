//! `switchboard user add|list|disable`: staff accounts from the command line, on the same database;
//! `switchboard db copy`: a SQLite file's records into a new PostgreSQL database.

use std::io::BufRead;

use switchboard_core::api::Role;

use crate::{db, staff};

#[derive(clap::Args)]
pub struct UserArgs {
    /// The database holding staff accounts (the one `switchboard serve` uses): a SQLite file or a
    /// postgres:// URL.
    #[arg(
        long,
        env = "SWITCHBOARD_DB",
        default_value = "switchboard.db",
        hide_env_values = true,
        global = true
    )]
    pub db: db::Location,
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Add a member of staff. The password comes from SWITCHBOARD_PASSWORD, or else the first line
    /// of standard input, so it stays out of shell history.
    Add {
        username: String,
        /// viewer (read), operator (pair, send, webhooks) or admin (also users and deletes).
        #[arg(long, default_value = "viewer", value_parser = parse_role)]
        role: Role,
    },
    /// List every member of staff with their role.
    List,
    /// Disable an account and end its sessions.
    Disable { username: String },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "the role must be viewer, operator or admin".to_owned())
}

/// Runs one command; `Ok` holds what to print, `Err` the sentence to stop with.
pub async fn run(args: UserArgs) -> Result<String, String> {
    let db = db::connect(&args.db).await.map_err(|e| e.to_string())?;
    let said = |e: crate::error::AppError| e.to_string();
    match args.command {
        UserCommand::Add { username, role } => {
            let password = password_from_env_or_stdin()?;
            let user = staff::create(&db, &username, &password, role)
                .await
                .map_err(said)?;
            Ok(format!("added {} ({})", user.username, user.role.as_str()))
        }
        UserCommand::List => {
            let users = staff::list(&db).await.map_err(said)?;
            Ok(users
                .iter()
                .map(|u| {
                    let state = if u.disabled { "  disabled" } else { "" };
                    format!("{}\t{}{state}", u.username, u.role.as_str())
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        UserCommand::Disable { username } => {
            let Some((user, _)) = staff::credentials(&db, &username).await.map_err(said)? else {
                return Err(format!(
                    "there is no account named {username}: see `switchboard user list`"
                ));
            };
            staff::update(&db, user.id, None, Some(true))
                .await
                .map_err(said)?;
            Ok(format!("disabled {username} and ended its sessions"))
        }
    }
}

fn password_from_env_or_stdin() -> Result<String, String> {
    if let Ok(password) = std::env::var("SWITCHBOARD_PASSWORD") {
        return Ok(password);
    }
    eprintln!("Password (then Enter):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("could not read the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

#[derive(clap::Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub command: DbCommand,
}

#[derive(clap::Subcommand)]
pub enum DbCommand {
    /// Copy every record of a SQLite file into a new, empty PostgreSQL database, all or nothing:
    /// accounts, sessions, the audit log, imports, opt-in relays and unsettled pairings.
    Copy {
        /// The SQLite file `switchboard serve` used.
        #[arg(long)]
        from: db::Location,
        /// The PostgreSQL database to copy into, as a postgres:// URL (from SWITCHBOARD_DB when
        /// not given, which keeps its password out of the process list).
        #[arg(long, env = "SWITCHBOARD_DB", hide_env_values = true)]
        to: db::Location,
    },
}

/// Runs one `db` command; `Ok` holds what to print, `Err` the sentence to stop with.
pub async fn run_db(args: DbArgs) -> Result<String, String> {
    match args.command {
        DbCommand::Copy { from, to } => db::copy::copy(&from, &to)
            .await
            .map(|copied| copied.to_string())
            .map_err(|e| e.to_string()),
    }
}
