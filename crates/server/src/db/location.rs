//! Where the records live, as `--db` gives it: a `postgres://` URL, or else a SQLite file's path.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub enum Location {
    File(PathBuf),
    /// The whole URL; it may hold a password, so it is shown without one.
    Postgres(PostgresUrl),
}

#[derive(Clone)]
pub struct PostgresUrl(SecretString);

impl PostgresUrl {
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl Default for Location {
    fn default() -> Self {
        Location::File("switchboard.db".into())
    }
}

impl PartialEq for Location {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Location::File(a), Location::File(b)) => a == b,
            (Location::Postgres(a), Location::Postgres(b)) => a.expose() == b.expose(),
            _ => false,
        }
    }
}

impl Location {
    /// What `--db` takes to name this database, password included: for a child process's arguments
    /// or environment, never for a log line.
    pub fn expose_as_arg(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Postgres(url) => url.expose().to_owned(),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Location::File(_) => Engine::Sqlite,
            Location::Postgres(_) => Engine::Postgres,
        }
    }
}

impl FromStr for Location {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            url::Url::parse(text).map_err(|e| {
                format!("the PostgreSQL URL in --db cannot be read ({e}): write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            })?;
            return Ok(Location::Postgres(PostgresUrl(text.into())));
        }
        if text.contains("://") {
            return Err(format!(
                "--db takes a SQLite file's path or a postgres:// URL, not {}",
                text.split("://").next().unwrap_or_default()
            ));
        }
        if text.trim().is_empty() {
            return Err("--db is empty: give a SQLite file's path or a postgres:// URL".into());
        }
        Ok(Location::File(text.into()))
    }
}

/// A file's path, or the URL with any password replaced by `***`.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => match url::Url::parse(url.expose()) {
                Ok(mut shown) => {
                    if shown.password().is_some() {
                        let _ = shown.set_password(Some("***"));
                    }
                    write!(f, "{shown}")
                }
                Err(_) => f.write_str("postgres://…"),
            },
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_postgres_and_its_password_is_never_shown() {
        let location: Location = "postgres://app:s3cret@db.internal:5432/switchboard"
            .parse()
            .unwrap();
        assert_eq!(location.engine(), Engine::Postgres);
        let shown = format!("{location} {location:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.internal:5432/switchboard"), "{shown}");
    }

    #[test]
    fn a_path_is_a_sqlite_file_and_other_schemes_are_refused() {
        assert_eq!(
            "data/switchboard.db".parse::<Location>().unwrap().engine(),
            Engine::Sqlite
        );
        let refused = "mysql://root@localhost/x".parse::<Location>().unwrap_err();
        assert!(refused.contains("postgres://"), "{refused}");
        assert!("".parse::<Location>().is_err());
    }
}
