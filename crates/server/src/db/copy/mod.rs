//! `switchboard db copy`: every record of a SQLite file into a new PostgreSQL database, in one
//! transaction, so a failure leaves the target without any of them.

use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use super::{Engine, Location, connect};

mod outcome;

pub use outcome::{Copied, CopyError};

/// Every table of records, each after the tables it refers to.
pub const TABLES: [&str; 12] = [
    "users",
    "sessions",
    "audit_log",
    "opt_in_relays",
    "webhook_deliveries",
    "pairing_imports",
    "pairing_import_rows",
    "unsettled_pairings",
    "sign_in_failures",
    "settings",
    "bulk_ends",
    "bulk_end_rows",
];
/// Which instances run now, each database's own migration history, and the account mirror with
/// the events it published (a cache of Twilio the target fills again by its own first walk): not
/// records to carry.
const NOT_COPIED: [&str; 7] = [
    "instances",
    "_sqlx_migrations",
    "mirror_conversations",
    "mirror_participants",
    "mirror_failures",
    "mirror_runs",
    "event_log",
];
/// Names the instance holding a piece of work. None of the source's instances runs on the target,
/// so the work arrives unheld and any instance there may take it.
const HOLDER: &str = "held_by";
/// Rows per INSERT, far below PostgreSQL's 65,535 parameters.
const BATCH_ROWS: usize = 500;

/// Migrates both databases, then copies every table of `from` into `to`, which must hold no records.
pub async fn copy(from: &Location, to: &Location) -> Result<Copied, CopyError> {
    let Location::File(path) = from else {
        return Err(CopyError::SourceNotSqlite(from.clone()));
    };
    if to.engine() != Engine::Postgres {
        return Err(CopyError::TargetNotPostgres(to.clone()));
    }
    if !path.is_file() {
        return Err(CopyError::NoSource(path.display().to_string()));
    }
    let source = connect(from).await?;
    let target = connect(to).await?;
    let source_level = level(&mut *source.acquire().await.map_err(failed("reading"))?).await?;
    let target_level = level(&mut *target.acquire().await.map_err(failed("reading"))?).await?;
    if source_level != target_level {
        return Err(CopyError::Levels {
            source_level,
            target: to.clone(),
            target_level,
        });
    }
    let mut writes = target.begin().await.map_err(failed("starting"))?;
    refuse_records_or_unknown_tables(&mut writes, to).await?;
    // One read transaction: a snapshot, even if a server still writes to the file meanwhile.
    let mut reads = source.begin().await.map_err(failed("reading"))?;
    let mut tables = Vec::new();
    for table in TABLES {
        let columns = columns(&mut writes, table).await?;
        source_has(&mut reads, table, &columns).await?;
        carry(&mut reads, &mut writes, table, &columns).await?;
        let (in_source, in_target) = (
            count(&mut reads, table).await?,
            count(&mut writes, table).await?,
        );
        if in_source != in_target {
            return Err(CopyError::Count {
                table,
                in_source,
                in_target,
            });
        }
        for column in columns.iter().filter(|c| c.identity) {
            past_copied_ids(&mut writes, table, &column.name).await?;
        }
        tables.push((table, in_source));
    }
    writes.commit().await.map_err(failed("committing"))?;
    Ok(Copied {
        from: from.clone(),
        to: to.clone(),
        tables,
    })
}

fn failed(doing: &str) -> impl FnOnce(sqlx::Error) -> CopyError {
    let doing = doing.to_owned();
    move |source| CopyError::Sql { doing, source }
}

async fn level(conn: &mut sqlx::AnyConnection) -> Result<i64, CopyError> {
    sqlx::query("SELECT COALESCE(MAX(version), 0) AS level FROM _sqlx_migrations")
        .fetch_one(conn)
        .await
        .and_then(|row| row.try_get("level"))
        .map_err(failed("reading the migration level"))
}

async fn refuse_records_or_unknown_tables(
    writes: &mut Transaction<'static, Any>,
    target: &Location,
) -> Result<(), CopyError> {
    if count(writes, "users").await? + count(writes, "audit_log").await? > 0 {
        return Err(CopyError::Occupied(target.clone()));
    }
    for table in TABLES {
        if count(writes, table).await? > 0 {
            return Err(CopyError::NotEmpty {
                target: target.clone(),
                table: table.to_owned(),
            });
        }
    }
    let present = sqlx::query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&mut **writes)
    .await
    .map_err(failed("listing the tables"))?;
    for row in present {
        let table: String = row.try_get("name").map_err(failed("listing the tables"))?;
        if !TABLES.contains(&table.as_str()) && !NOT_COPIED.contains(&table.as_str()) {
            return Err(CopyError::UnknownTable {
                target: target.clone(),
                table,
            });
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Text,
    Bool,
}

struct Column {
    name: String,
    kind: Kind,
    identity: bool,
}

impl Column {
    /// How SQLite is asked for it: a boolean as 0 or 1, since `Any` cannot read SQLite's BOOLEAN.
    fn read(&self) -> String {
        let name = quoted(&self.name);
        match self.kind {
            Kind::Bool => {
                format!("CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN 1 ELSE 0 END")
            }
            Kind::Int | Kind::Text => name,
        }
    }
}

/// The table's columns as PostgreSQL has them, in order.
async fn columns(
    writes: &mut Transaction<'static, Any>,
    table: &str,
) -> Result<Vec<Column>, CopyError> {
    let rows = sqlx::query(
        "SELECT column_name::text AS name, data_type::text AS kind, is_identity::text AS identity \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **writes)
    .await
    .map_err(failed("reading the columns"))?;
    rows.iter()
        .map(|row| {
            let get = |name| -> Result<String, CopyError> {
                row.try_get(name).map_err(failed("reading the columns"))
            };
            let (name, kind) = (get("name")?, get("kind")?);
            let kind = match kind.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Int,
                "text" | "character varying" => Kind::Text,
                "boolean" => Kind::Bool,
                _ => {
                    return Err(CopyError::UnknownType {
                        table: table.to_owned(),
                        column: name,
                        kind,
                    });
                }
            };
            Ok(Column {
                name,
                kind,
                identity: get("identity")? == "YES",
            })
        })
        .collect()
}

async fn source_has(
    reads: &mut Transaction<'static, Any>,
    table: &'static str,
    columns: &[Column],
) -> Result<(), CopyError> {
    let rows = sqlx::query("SELECT name FROM pragma_table_info($1)")
        .bind(table)
        .fetch_all(&mut **reads)
        .await
        .map_err(failed("reading the SQLite file's columns"))?;
    let mut in_source = rows
        .iter()
        .map(|row| row.try_get::<String, _>("name"))
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed("reading the SQLite file's columns"))?;
    let mut in_target: Vec<_> = columns.iter().map(|c| c.name.clone()).collect();
    in_source.sort();
    in_target.sort();
    if in_source != in_target {
        return Err(CopyError::Columns(table));
    }
    Ok(())
}

enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
}

/// Streams the table's rows out of SQLite and into PostgreSQL in batches.
async fn carry(
    reads: &mut Transaction<'static, Any>,
    writes: &mut Transaction<'static, Any>,
    table: &'static str,
    columns: &[Column],
) -> Result<(), CopyError> {
    let doing = format!("copying {table}");
    let read = columns.iter().map(Column::read).collect::<Vec<_>>();
    // Only the fixed table names and PostgreSQL's own column names, quoted, are written into it.
    let select = format!("SELECT {} FROM {table}", read.join(", "));
    let mut rows = sqlx::query(AssertSqlSafe(select)).fetch(&mut **reads);
    let mut batch = Vec::new();
    while let Some(row) = rows.try_next().await.map_err(failed(&doing))? {
        batch.push(values(&row, columns).map_err(failed(&doing))?);
        if batch.len() == BATCH_ROWS {
            insert(writes, table, columns, std::mem::take(&mut batch))
                .await
                .map_err(failed(&doing))?;
        }
    }
    if !batch.is_empty() {
        insert(writes, table, columns, batch)
            .await
            .map_err(failed(&doing))?;
    }
    Ok(())
}

fn values(row: &AnyRow, columns: &[Column]) -> Result<Vec<Value>, sqlx::Error> {
    columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            Ok(match column.kind {
                _ if column.name == HOLDER => Value::Text(None),
                Kind::Int => Value::Int(row.try_get(i)?),
                Kind::Text => Value::Text(row.try_get(i)?),
                Kind::Bool => Value::Bool(row.try_get::<Option<i64>, _>(i)?.map(|b| b != 0)),
            })
        })
        .collect()
}

async fn insert(
    writes: &mut Transaction<'static, Any>,
    table: &str,
    columns: &[Column],
    batch: Vec<Vec<Value>>,
) -> Result<(), sqlx::Error> {
    let names = columns.iter().map(|c| quoted(&c.name)).collect::<Vec<_>>();
    let mut next = 0;
    let tuples = batch
        .iter()
        .map(|row| {
            let placeholders = row.iter().map(|_| {
                next += 1;
                format!("${next}")
            });
            format!("({})", placeholders.collect::<Vec<_>>().join(", "))
        })
        .collect::<Vec<_>>();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {}",
        names.join(", "),
        tuples.join(", ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in batch.into_iter().flatten() {
        query = match value {
            Value::Int(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
            Value::Bool(v) => query.bind(v),
        };
    }
    query.execute(&mut **writes).await.map(|_| ())
}

async fn count(conn: &mut Transaction<'static, Any>, table: &str) -> Result<i64, CopyError> {
    sqlx::query(AssertSqlSafe(format!("SELECT COUNT(*) AS n FROM {table}")))
        .fetch_one(&mut **conn)
        .await
        .and_then(|row| row.try_get("n"))
        .map_err(failed(&format!("counting {table}")))
}

/// The next id PostgreSQL gives the table is one past the highest copied.
async fn past_copied_ids(
    writes: &mut Transaction<'static, Any>,
    table: &str,
    column: &str,
) -> Result<(), CopyError> {
    let sql = format!(
        "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX({}), 0) + 1, false) FROM {table}",
        quoted(column)
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(table)
        .bind(column)
        .execute(&mut **writes)
        .await
        .map(|_| ())
        .map_err(failed(&format!("moving {table}'s ids on")))
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
