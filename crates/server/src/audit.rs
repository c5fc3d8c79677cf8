//! The audit log: who changed what, when, and what the upstream answered.

use serde_json::Value;
use sqlx::Row;
use switchboard_core::api::{AuditEntry, AuditOutcome, AuditPage, AuditQuery, Said};

use crate::auth::CurrentUser;
use crate::db::{Db, now, rfc3339};
use crate::error::{AppError, Sentence};

/// How a change ended, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// The sentence the person was told and, when the catalog of refusals holds it, its key and
    /// values.
    Failed(String, Option<Said>),
}

impl Outcome {
    /// The outcome of a handler's result: its error's sentence when it failed.
    pub fn of<T>(result: &Result<T, AppError>) -> Outcome {
        match result {
            Ok(_) => Outcome::Ok,
            Err(error) => Outcome::failed(error),
        }
    }

    pub fn failed(error: &AppError) -> Outcome {
        let (sentence, said) = error.kept();
        Outcome::Failed(sentence, said)
    }

    pub fn refused(sentence: &Sentence) -> Outcome {
        Outcome::Failed(sentence.to_string(), Some(sentence.said()))
    }
}

#[derive(Clone)]
pub struct Audit {
    db: Db,
}

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 200;

impl Audit {
    pub fn new(db: Db) -> Self {
        Audit { db }
    }

    /// Records one change by `user`. A failure to write is logged, not returned: the change itself
    /// has already happened and the person must still hear how it went.
    pub async fn record(
        &self,
        user: &CurrentUser,
        action: &str,
        target: Option<&str>,
        outcome: Outcome,
        detail: Value,
    ) {
        self.record_as(
            Some(user.id),
            &user.username,
            action,
            target,
            outcome,
            detail,
        )
        .await
    }

    /// Records a change by someone who is not (yet) signed in, e.g. a failed sign-in.
    pub async fn record_as(
        &self,
        actor_id: Option<i64>,
        actor: &str,
        action: &str,
        target: Option<&str>,
        outcome: Outcome,
        detail: Value,
    ) {
        let (outcome, error, said) = match outcome {
            Outcome::Ok => ("ok", None, None),
            Outcome::Failed(sentence, said) => ("failed", Some(sentence), said),
        };
        let said = said.map(|said| serde_json::to_string(&said).expect("a refusal serialises"));
        let written = sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor, action, target, outcome, error, error_said, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(now())
        .bind(actor_id)
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(outcome)
        .bind(error)
        .bind(said)
        .bind(detail.to_string())
        .execute(&self.db)
        .await;
        if let Err(error) = written {
            tracing::error!(%error, action, "could not write the audit log");
        }
    }

    /// Whether `action` on `target` was recorded at or after `since` (UTC seconds): how work taken
    /// over from another instance tells whether that one audited it already.
    pub async fn recorded_since(
        &self,
        action: &str,
        target: &str,
        since: i64,
    ) -> Result<bool, AppError> {
        let found = sqlx::query(
            "SELECT id FROM audit_log WHERE action = $1 AND target = $2 AND at >= $3 LIMIT 1",
        )
        .bind(action)
        .bind(target)
        .bind(since)
        .fetch_optional(&self.db)
        .await?;
        Ok(found.is_some())
    }

    /// Newest first, filtered by actor, action and target, one page before `query.before`.
    pub async fn list(&self, query: &AuditQuery) -> Result<AuditPage, AppError> {
        let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        let given = |v: &Option<String>| {
            v.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let filters = [
            ("actor", given(&query.actor)),
            ("action", given(&query.action)),
            ("target", given(&query.target)),
        ];
        let mut sql = String::from(
            "SELECT id, at, actor, action, target, outcome, error, error_said, detail FROM audit_log WHERE 1 = 1",
        );
        let mut placeholders = 0;
        let mut next = || {
            placeholders += 1;
            format!("${placeholders}")
        };
        for (column, value) in &filters {
            if value.is_some() {
                sql.push_str(&format!(" AND {column} = {}", next()));
            }
        }
        if query.before.is_some() {
            sql.push_str(&format!(" AND id < {}", next()));
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", next()));
        // Only the fixed column names above and numbered placeholders are written into it.
        let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in filters.into_iter().filter_map(|(_, value)| value) {
            statement = statement.bind(value);
        }
        if let Some(before) = query.before {
            statement = statement.bind(before);
        }
        let rows = statement
            .bind(i64::from(limit) + 1)
            .fetch_all(&self.db)
            .await?;
        let mut entries = rows
            .into_iter()
            .map(|row| {
                let outcome: String = row.try_get("outcome")?;
                let detail: String = row.try_get("detail")?;
                let said: Option<String> = row.try_get("error_said")?;
                Ok(AuditEntry {
                    id: row.try_get("id")?,
                    at: rfc3339(row.try_get("at")?),
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    target: row.try_get("target")?,
                    outcome: if outcome == "ok" {
                        AuditOutcome::Ok
                    } else {
                        AuditOutcome::Failed
                    },
                    error: row.try_get("error")?,
                    said: said.and_then(|said| serde_json::from_str(&said).ok()),
                    detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let next_before = if entries.len() > limit as usize {
            entries.truncate(limit as usize);
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(AuditPage {
            entries,
            next_before,
        })
    }
}
