//! The optional TOML configuration file (`--config` / `SWITCHBOARD_CONFIG`). Flags and environment
//! variables win over it; secrets are never read from it, only from the environment.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ConfigError, ServeArgs};
use crate::db::Location;

/// Every key the file may hold, named as the long flags are (with `_` for `-`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    listen: Option<String>,
    ui_dir: Option<PathBuf>,
    db: Option<String>,
    public_url: Option<String>,
    account_sid: Option<String>,
    api_key_sid: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    api_base_url: Option<String>,
    proxy_numbers: Option<Vec<String>>,
    mirror_reconcile_minutes: Option<u32>,
    mirror_reconcile_budget: Option<u32>,
}

/// The file's `db`: a path or a PostgreSQL URL without its password, which, being a secret, comes
/// only from the environment (`SWITCHBOARD_DB`).
fn file_db(text: &str) -> Result<Location, String> {
    let location: Location = text.parse()?;
    if let Location::Postgres(url) = &location
        && url::Url::parse(url.expose()).is_ok_and(|u| u.password().is_some())
    {
        return Err(
            "db holds a password: put that URL in SWITCHBOARD_DB instead, secrets come from the environment only"
                .into(),
        );
    }
    Ok(location)
}

/// Fills what flags and environment left at its default from the file at `path`.
pub fn apply(args: &mut ServeArgs, path: &Path) -> Result<(), ConfigError> {
    let problem = |reason: String| ConfigError::File {
        path: path.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| problem(e.to_string()))?;
    let file: File = toml::from_str(&text).map_err(|e| {
        let mut reason = e.message().to_owned();
        if ["auth_token", "api_key_secret", "setup_token"]
            .iter()
            .any(|secret| reason.contains(secret))
        {
            reason.push_str("; secrets come from the environment only");
        }
        problem(reason)
    })?;
    let defaults = ServeArgs::defaults();
    if let Some(listen) = file.listen.filter(|_| args.listen == defaults.listen) {
        args.listen = listen;
    }
    if args.ui_dir.is_none() {
        args.ui_dir = file.ui_dir;
    }
    if let Some(db) = file.db.filter(|_| args.db == defaults.db) {
        args.db = file_db(&db).map_err(problem)?;
    }
    if let Some(numbers) = file.proxy_numbers.filter(|_| args.proxy_numbers.is_empty()) {
        args.proxy_numbers = numbers;
    }
    for (arg, value) in [
        (
            &mut args.mirror_reconcile_minutes,
            file.mirror_reconcile_minutes,
        ),
        (
            &mut args.mirror_reconcile_budget,
            file.mirror_reconcile_budget,
        ),
    ] {
        if arg.is_none() {
            *arg = value;
        }
    }
    for (arg, value) in [
        (&mut args.public_url, file.public_url),
        (&mut args.account_sid, file.account_sid),
        (&mut args.api_key_sid, file.api_key_sid),
        (&mut args.region, file.region),
        (&mut args.edge, file.edge),
        (&mut args.api_base_url, file.api_base_url),
    ] {
        if arg.is_none() {
            *arg = value;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("switchboard.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn the_file_fills_what_flags_and_environment_left_unset() {
        let (_dir, path) = file_with(
            "listen = \"0.0.0.0:9000\"\ndb = \"/var/lib/switchboard.db\"\npublic_url = \"https://sb.example.com\"\n",
        );
        let mut args = ServeArgs {
            public_url: Some("https://given.example.com".into()),
            ..ServeArgs::defaults()
        };
        apply(&mut args, &path).unwrap();
        assert_eq!(args.listen, "0.0.0.0:9000");
        assert_eq!(args.db, Location::File("/var/lib/switchboard.db".into()));
        assert_eq!(
            args.public_url.as_deref(),
            Some("https://given.example.com")
        );
    }

    #[test]
    fn a_secret_or_unknown_key_in_the_file_is_refused_with_a_sentence() {
        let (_dir, path) = file_with("auth_token = \"abc\"\n");
        let message = apply(&mut ServeArgs::defaults(), &path)
            .unwrap_err()
            .to_string();
        assert!(message.contains("auth_token"), "{message}");
        assert!(
            message.contains("secrets come from the environment only"),
            "{message}"
        );
        assert!(!message.contains("abc"), "{message}");
    }

    #[test]
    fn a_postgres_url_is_read_from_the_file_but_never_its_password() {
        let (_dir, path) = file_with("db = \"postgres://switchboard@db.internal/switchboard\"\n");
        let mut args = ServeArgs::defaults();
        apply(&mut args, &path).unwrap();
        assert_eq!(args.db.engine(), crate::db::Engine::Postgres);

        let (_dir, path) =
            file_with("db = \"postgres://switchboard:hunter22@db.internal/switchboard\"\n");
        let message = apply(&mut ServeArgs::defaults(), &path)
            .unwrap_err()
            .to_string();
        assert!(message.contains("SWITCHBOARD_DB"), "{message}");
        assert!(!message.contains("hunter22"), "{message}");
    }
}
