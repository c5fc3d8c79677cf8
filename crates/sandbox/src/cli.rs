//! `switchboard sandbox`: the sandbox on its own, for trying other Twilio clients against it.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use secrecy::SecretString;
use tokio::net::TcpListener;

use crate::{SandboxCredentials, SandboxOptions, SandboxState};

#[derive(clap::Args, Debug, Default)]
pub struct SandboxArgs {
    /// Port to serve on, on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "SWITCHBOARD_SANDBOX_PORT", default_value_t = 4010)]
    pub port: u16,
    /// SQLite file to keep the sandbox in; without it, everything is forgotten at exit.
    #[arg(long, env = "SWITCHBOARD_SANDBOX_DB")]
    pub db: Option<PathBuf>,
    /// Account SID to accept (AC…); generated when not given. Its auth token is read from
    /// SWITCHBOARD_SANDBOX_AUTH_TOKEN.
    #[arg(long, env = "SWITCHBOARD_SANDBOX_ACCOUNT_SID")]
    pub account_sid: Option<String>,
    /// Serve the test-only controls (/sandbox/v1/Faults and /sandbox/v1/Clock).
    #[arg(long)]
    pub test_controls: bool,
    /// Leave inbound messages that no conversation holds unrouted, instead of creating one.
    #[arg(long)]
    pub no_auto_create: bool,
}

/// Runs the sandbox until the process is stopped; errors are one sentence.
pub async fn run(args: SandboxArgs) -> Result<(), String> {
    let token = std::env::var("SWITCHBOARD_SANDBOX_AUTH_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    let account_sid = args.account_sid.filter(|s| !s.trim().is_empty());
    let (credentials, generated) = match (account_sid, token) {
        (Some(sid), Some(token)) => {
            let valid = sid.len() == 34
                && sid.starts_with("AC")
                && sid[2..].bytes().all(|b| b.is_ascii_hexdigit());
            if !valid {
                return Err(format!(
                    "--account-sid \"{sid}\" must be AC and 32 hexadecimal digits"
                ));
            }
            (
                SandboxCredentials::new(sid, SecretString::from(token)),
                false,
            )
        }
        (None, None) => (SandboxCredentials::generate(), true),
        (Some(_), None) => {
            return Err("--account-sid is set but SWITCHBOARD_SANDBOX_AUTH_TOKEN is not: set both, or neither to have them generated".into());
        }
        (None, Some(_)) => {
            return Err("SWITCHBOARD_SANDBOX_AUTH_TOKEN is set but --account-sid is not: set both, or neither".into());
        }
    };
    let options = SandboxOptions {
        test_controls: args.test_controls,
        auto_create: !args.no_auto_create,
    };
    let db = args.db.filter(|p| !p.as_os_str().is_empty());
    let state = match &db {
        Some(path) => SandboxState::open(credentials, path)
            .await
            .map_err(|e| e.to_string())?,
        None => SandboxState::with_demo_data(credentials),
    }
    .with_options(options);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("could not listen on {addr}: {e}; pass --port with another port"))?;
    let token = secrecy::ExposeSecret::expose_secret(state.credentials.auth_token()).to_owned();
    let sandbox = crate::spawn(listener, state).map_err(|e| e.to_string())?;
    println!("Sandbox ready: {}", sandbox.base_url());
    println!(
        "  Conversations and Content base URL: {}",
        sandbox.base_url()
    );
    println!(
        "  Messaging base URL:                 {}",
        sandbox.messaging_base_url()
    );
    println!("  Account SID: {}", sandbox.account_sid);
    if generated {
        println!("  Auth token:  {token} (generated for this run; local only)");
    }
    if let Some(path) = &db {
        println!("  Kept in {}", path.display());
    }
    sandbox
        .task
        .await
        .map_err(|e| format!("the sandbox stopped: {e}"))
}
