//! What `switchboard db copy` tells: each way it refuses or fails, saying what to do, and what
//! it copied.

use std::fmt;

use crate::db::{DbError, Location};

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("there is no SQLite file at {0}: give --from the database `switchboard serve` used")]
    NoSource(String),
    #[error(
        "--from takes a SQLite file's path, not {0}: copying between PostgreSQL databases is pg_dump's work"
    )]
    SourceNotSqlite(Location),
    #[error("--to takes the PostgreSQL database to copy into, as a postgres:// URL, not {0}")]
    TargetNotPostgres(Location),
    #[error(transparent)]
    Open(#[from] DbError),
    #[error(
        "the SQLite file is at migration {source_level} but {target} is at {target_level}: run the copy with the switchboard version that last served {target}"
    )]
    Levels {
        source_level: i64,
        target: Location,
        target_level: i64,
    },
    #[error(
        "{0} already holds staff accounts or audit entries: copy only into a new, empty database, so nothing there is mixed with the copy"
    )]
    Occupied(Location),
    #[error(
        "{target} already holds rows in {table}: copy only into a new, empty database, so nothing there is mixed with the copy"
    )]
    NotEmpty { target: Location, table: String },
    #[error(
        "{target} has a table {table} this switchboard cannot copy: run the copy with the switchboard version that last served it"
    )]
    UnknownTable { target: Location, table: String },
    #[error("{table}.{column} is of type {kind} in PostgreSQL, which the copy cannot carry")]
    UnknownType {
        table: String,
        column: String,
        kind: String,
    },
    #[error(
        "the table {0} has other columns in the SQLite file than in PostgreSQL; nothing was copied"
    )]
    Columns(&'static str),
    #[error(
        "{table} holds {in_source} rows in the SQLite file but would hold {in_target} in PostgreSQL; nothing was copied"
    )]
    Count {
        table: &'static str,
        in_source: i64,
        in_target: i64,
    },
    #[error("the copy failed while {doing}: {source}; nothing was copied")]
    Sql { doing: String, source: sqlx::Error },
}

/// What was copied: each table with its rows.
pub struct Copied {
    pub from: Location,
    pub to: Location,
    pub tables: Vec<(&'static str, i64)>,
}

impl fmt::Display for Copied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "copied {} into {}:", self.from, self.to)?;
        for (table, rows) in &self.tables {
            write!(f, "\n{table}: {rows}")?;
        }
        Ok(())
    }
}
