//! The `switchboard` binary: parses the command line and runs the server, the user admin, the
//! database copy or the sandbox.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use switchboard_server::{Application, Config, ServeArgs};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Masked WhatsApp and SMS conversations on Twilio"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the dashboard and its API (on the embedded sandbox when no Twilio credentials are set).
    Serve(Box<ServeArgs>),
    /// Manage staff accounts: add, list, disable.
    User(switchboard_server::cli::UserArgs),
    /// Move the records between databases: `db copy` from a SQLite file into PostgreSQL.
    Db(switchboard_server::cli::DbArgs),
    /// Run only the Twilio-compatible sandbox, for trying other Twilio clients against it.
    Sandbox(switchboard_sandbox::cli::SandboxArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx::postgres::notice=warn")),
        )
        .with_writer(std::io::stderr);
    // One JSON object per line for log collectors; the link and the ready line stay on stdout.
    if std::env::var("SWITCHBOARD_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.init();
    }
    let result = match Cli::parse().command {
        Command::Serve(args) => serve(*args).await,
        Command::User(args) => switchboard_server::cli::run(args)
            .await
            .map(|out| println!("{out}")),
        Command::Db(args) => switchboard_server::cli::run_db(args)
            .await
            .map(|out| println!("{out}")),
        Command::Sandbox(args) => switchboard_sandbox::cli::run(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(sentence) => {
            eprintln!("switchboard: {sentence}");
            ExitCode::from(2)
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let config = Config::from_args(args.with_secrets_from_env()).map_err(|e| e.to_string())?;
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(link) = app.setup_link() {
        println!("No staff account exists yet. Create the first admin, once, at: {link}");
    }
    println!("Switchboard is ready: open http://{}", app.local_addr());
    app.run_until_stopped()
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}
