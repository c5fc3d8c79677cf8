//! Typed configuration from the command line and the environment, checked before anything starts.

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use switchboard_core::api::NumberPool;
use switchboard_core::{Address, AddressError, Sid};
use switchboard_twilio::{Bases, Credentials};

use crate::db::Location;

mod file;
mod mirror;

pub use mirror::MirrorOptions;

/// `switchboard serve` options. Credentials come from the environment so they stay out of shell
/// history and process listings.
#[derive(clap::Args, Default)]
pub struct ServeArgs {
    /// Address and port to serve the dashboard on.
    #[arg(long, env = "SWITCHBOARD_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Folder holding a built UI (index.html and its assets) to serve instead of the one this
    /// binary carries.
    #[arg(long, env = "SWITCHBOARD_UI_DIR")]
    pub ui_dir: Option<PathBuf>,
    /// Twilio account SID (AC…). Without it the embedded sandbox is used.
    #[arg(long, env = "TWILIO_ACCOUNT_SID", hide_env_values = true)]
    pub account_sid: Option<String>,
    /// Twilio auth token of that account.
    #[arg(skip)]
    pub auth_token: Option<SecretString>,
    /// API key SID (SK…), used with its secret instead of the auth token.
    #[arg(long, env = "TWILIO_API_KEY_SID", hide_env_values = true)]
    pub api_key_sid: Option<String>,
    #[arg(skip)]
    pub api_key_secret: Option<SecretString>,
    /// Twilio region for the API hosts, e.g. ie1 (with --edge).
    #[arg(long, env = "TWILIO_REGION")]
    pub region: Option<String>,
    /// Twilio edge location for the API hosts, e.g. dublin (with --region).
    #[arg(long, env = "TWILIO_EDGE")]
    pub edge: Option<String>,
    /// One origin serving every Twilio API Switchboard uses (a standalone sandbox, a test double).
    #[arg(long, env = "TWILIO_API_BASE_URL")]
    pub api_base_url: Option<String>,
    /// Where staff accounts, sessions, the audit log and background work are kept: a SQLite file
    /// (created if missing), or a postgres://USER:PASSWORD@HOST/DATABASE URL for several instances.
    #[arg(
        long,
        env = "SWITCHBOARD_DB",
        default_value = "switchboard.db",
        hide_env_values = true
    )]
    pub db: Location,
    /// The address people reach this server at, e.g. https://switchboard.example.com; with https
    /// the session cookie is marked `Secure`.
    #[arg(long, env = "SWITCHBOARD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Business numbers pairings may use, comma-separated (`+1555…`, `whatsapp:+1555…`); without
    /// it they are read from the Twilio account's messaging services.
    #[arg(long, env = "SWITCHBOARD_PROXY_NUMBERS", value_delimiter = ',')]
    pub proxy_numbers: Vec<String>,
    /// SQLite file keeping the embedded sandbox's account between runs (created and seeded if missing).
    #[arg(
        long,
        env = "SWITCHBOARD_SANDBOX_DB",
        default_value = "switchboard-sandbox.db"
    )]
    pub sandbox_db: PathBuf,
    /// Let tests move the sandbox's clock and inject faults through /api/v1/sandbox (never in use).
    #[arg(long, env = "SWITCHBOARD_SANDBOX_TEST_CONTROLS", hide = true)]
    pub sandbox_test_controls: bool,
    /// The first-run setup token (from SWITCHBOARD_SETUP_TOKEN), instead of a random one.
    #[arg(skip)]
    pub setup_token: Option<SecretString>,
    /// Minutes between the account mirror's reconciles with Twilio (default 10).
    #[arg(long, env = "SWITCHBOARD_MIRROR_RECONCILE_MINUTES")]
    pub mirror_reconcile_minutes: Option<u32>,
    /// Upstream calls one reconcile of the account mirror may make (default 2000).
    #[arg(long, env = "SWITCHBOARD_MIRROR_RECONCILE_BUDGET")]
    pub mirror_reconcile_budget: Option<u32>,
    /// A TOML file with any of the options above (not secrets); flags and environment win over it.
    #[arg(long, env = "SWITCHBOARD_CONFIG")]
    pub config: Option<PathBuf>,
}

impl ServeArgs {
    /// The values clap gives when nothing is set.
    pub fn defaults() -> Self {
        ServeArgs {
            listen: "127.0.0.1:8080".into(),
            db: Location::default(),
            ..ServeArgs::default()
        }
    }

    /// Reads the two secrets from the environment; they are never accepted as command-line flags.
    pub fn with_secrets_from_env(mut self) -> Self {
        let secret = |name| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .map(SecretString::from)
        };
        self.auth_token = secret("TWILIO_AUTH_TOKEN");
        self.api_key_secret = secret("TWILIO_API_KEY_SECRET");
        self.setup_token = secret("SWITCHBOARD_SETUP_TOKEN");
        self
    }
}

/// Where the UI comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiSource {
    /// A built UI folder, given with `--ui-dir`.
    Folder(PathBuf),
    /// The UI this binary carries.
    Carried,
}

/// The folder given, when it holds a built UI; else the UI this binary carries.
fn ui_source(ui_dir: Option<PathBuf>) -> Result<UiSource, ConfigError> {
    match ui_dir {
        Some(dir) if dir.join("index.html").is_file() => Ok(UiSource::Folder(dir)),
        Some(dir) => Err(ConfigError::UiMissing(dir)),
        None if crate::ui::embedded::present() => Ok(UiSource::Carried),
        None => Err(ConfigError::NoUi),
    }
}

/// How long one upstream call may take by default.
pub const UPSTREAM_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(Debug)]
pub struct Config {
    pub listen: SocketAddr,
    /// The UI to serve; `None` serves the API alone.
    pub ui: Option<UiSource>,
    pub upstream: Upstream,
    /// The SQLite file or the PostgreSQL database.
    pub db: Location,
    /// Scheme, host and port people reach the server at, without a trailing slash.
    pub public_url: Option<String>,
    pub setup_token: Option<SecretString>,
    /// Configured business numbers; `None` reads them from the account.
    pub proxy_numbers: Option<NumberPool>,
    /// Offer the sandbox's clock and fault controls (tests only).
    pub sandbox_test_controls: bool,
    /// Where the embedded sandbox keeps its account; `None` keeps it in memory only.
    pub sandbox_db: Option<PathBuf>,
    /// The longest one upstream call may take before it counts as lost (tests shorten it).
    pub upstream_timeout: std::time::Duration,
    /// The account mirror's reconcile: how often and within how many upstream calls.
    pub mirror: MirrorOptions,
}

#[derive(Debug)]
pub enum Upstream {
    /// Start the embedded sandbox, seeded with demo conversations.
    Sandbox,
    Twilio {
        account_sid: Sid,
        credentials: Credentials,
        bases: Bases,
        /// Signs Twilio's webhooks; absent when only an API key is configured.
        auth_token: Option<SecretString>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("--listen \"{0}\" is not an address and port, e.g. 127.0.0.1:8080")]
    Listen(String),
    #[error(transparent)]
    Sid(#[from] switchboard_core::SidError),
    #[error(
        "TWILIO_ACCOUNT_SID is set but neither TWILIO_AUTH_TOKEN nor TWILIO_API_KEY_SID with TWILIO_API_KEY_SECRET is"
    )]
    MissingSecret,
    #[error(
        "{0} is set but TWILIO_ACCOUNT_SID is not: set the account SID (AC…) too, or unset both to use the sandbox"
    )]
    MissingAccount(&'static str),
    #[error("TWILIO_API_KEY_SID is set but TWILIO_API_KEY_SECRET is not")]
    MissingKeySecret,
    #[error(
        "the UI folder {0} has no index.html: build it with `cargo xtask run`, or pass --ui-dir"
    )]
    UiMissing(PathBuf),
    #[error(
        "this switchboard binary carries no UI: build it with `cargo xtask dist`, or pass --ui-dir with a built UI folder"
    )]
    NoUi,
    #[error(
        "TWILIO_API_BASE_URL \"{0}\" must start with https:// (or http:// for a local address)"
    )]
    BaseUrl(String),
    #[error(
        "TWILIO_REGION and TWILIO_EDGE go together, as letters, digits and dashes: set both, or neither"
    )]
    Edge,
    #[error(
        "--public-url \"{0}\" must be an http:// or https:// address with no path, e.g. https://switchboard.example.com"
    )]
    PublicUrl(String),
    #[error("SWITCHBOARD_SETUP_TOKEN must have at least 16 characters so it cannot be guessed")]
    WeakSetupToken,
    #[error("the configuration file {path} could not be used: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("{0}")]
    Mirror(&'static str),
    #[error("SWITCHBOARD_PROXY_NUMBERS has \"{0}\": {1}")]
    ProxyNumber(String, AddressError),
}

impl Config {
    /// A configuration with everything optional left out: API only, no public URL, a random setup
    /// token, numbers from the account.
    pub fn new(listen: SocketAddr, upstream: Upstream, db: Location) -> Self {
        Config {
            listen,
            ui: None,
            upstream,
            db,
            public_url: None,
            setup_token: None,
            proxy_numbers: None,
            sandbox_test_controls: false,
            sandbox_db: None,
            upstream_timeout: UPSTREAM_TIMEOUT,
            mirror: MirrorOptions::default(),
        }
    }

    pub fn from_args(mut args: ServeArgs) -> Result<Self, ConfigError> {
        if let Some(path) = args.config.clone() {
            file::apply(&mut args, &path)?;
        }
        let listen = args
            .listen
            .parse()
            .map_err(|_| ConfigError::Listen(args.listen.clone()))?;
        let ui = Some(ui_source(args.ui_dir.clone())?);
        let public_url = args.public_url.clone().map(public_url).transpose()?;
        let setup_token = args.setup_token.clone();
        if setup_token
            .as_ref()
            .is_some_and(|t| t.expose_secret().len() < 16)
        {
            return Err(ConfigError::WeakSetupToken);
        }
        Ok(Config {
            listen,
            ui,
            db: args.db.clone(),
            public_url,
            setup_token,
            proxy_numbers: proxy_numbers(&args.proxy_numbers)?,
            sandbox_test_controls: args.sandbox_test_controls,
            sandbox_db: Some(args.sandbox_db.clone()),
            upstream_timeout: UPSTREAM_TIMEOUT,
            mirror: mirror::options(args.mirror_reconcile_minutes, args.mirror_reconcile_budget)?,
            upstream: upstream(args)?,
        })
    }
}

fn proxy_numbers(numbers: &[String]) -> Result<Option<NumberPool>, ConfigError> {
    let numbers: Vec<&str> = numbers
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if numbers.is_empty() {
        return Ok(None);
    }
    let parsed: Result<Vec<String>, ConfigError> = numbers
        .iter()
        .map(|n| {
            Address::parse(n)
                .map(|a| a.to_string())
                .map_err(|e| ConfigError::ProxyNumber(n.to_string(), e))
        })
        .collect();
    Ok(Some(crate::numbers::split(parsed?)))
}

fn public_url(url: String) -> Result<String, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ']) => {
            Ok(trimmed.to_owned())
        }
        _ => Err(ConfigError::PublicUrl(url)),
    }
}

/// An empty environment variable counts as unset.
fn given(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn upstream(args: ServeArgs) -> Result<Upstream, ConfigError> {
    let api_key_sid = given(args.api_key_sid);
    let Some(account_sid) = given(args.account_sid) else {
        if args.auth_token.is_some() {
            return Err(ConfigError::MissingAccount("TWILIO_AUTH_TOKEN"));
        }
        if api_key_sid.is_some() {
            return Err(ConfigError::MissingAccount("TWILIO_API_KEY_SID"));
        }
        return Ok(Upstream::Sandbox);
    };
    let account_sid = Sid::parse(&account_sid, "AC", "TWILIO_ACCOUNT_SID")?;
    let auth_token = args.auth_token.clone();
    let credentials = match (api_key_sid, args.api_key_secret, args.auth_token) {
        (Some(key), Some(secret), _) => Credentials::new(
            Sid::parse(&key, "SK", "TWILIO_API_KEY_SID")?.as_str(),
            secret,
        ),
        (Some(_), None, _) => return Err(ConfigError::MissingKeySecret),
        (None, _, Some(token)) => Credentials::new(account_sid.as_str(), token.clone()),
        (None, _, None) => return Err(ConfigError::MissingSecret),
    };
    let bases = bases(
        given(args.api_base_url),
        given(args.region),
        given(args.edge),
    )?;
    Ok(Upstream::Twilio {
        account_sid,
        credentials,
        bases,
        auth_token,
    })
}

fn bases(
    api_base: Option<String>,
    region: Option<String>,
    edge: Option<String>,
) -> Result<Bases, ConfigError> {
    if let Some(base) = api_base {
        let local = base.starts_with("http://127.") || base.starts_with("http://localhost");
        if !base.starts_with("https://") && !local {
            return Err(ConfigError::BaseUrl(base));
        }
        return Ok(Bases::single_origin(&base));
    }
    let host_part = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    match (region, edge) {
        (None, None) => Ok(Bases::twilio()),
        (Some(region), Some(edge)) if host_part(&region) && host_part(&edge) => {
            let host = |product: &str| format!("https://{product}.{edge}.{region}.twilio.com");
            Ok(Bases {
                conversations: host("conversations"),
                content: host("content"),
                messaging: host("messaging"),
            })
        }
        _ => Err(ConfigError::Edge),
    }
}

#[cfg(test)]
mod tests;
