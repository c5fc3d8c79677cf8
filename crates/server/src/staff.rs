//! Staff accounts in the database, shared by the API and the `switchboard user` command.

use sqlx::Row;
use sqlx::any::AnyRow;
use switchboard_core::Language;
use switchboard_core::api::{Role, StaffUser, password_problem, username_problem};

use crate::auth::{password, sessions};
use crate::db::{Db, now, rfc3339};
use crate::error::{AppError, Sentence, said};

fn user(row: AnyRow) -> Result<StaffUser, AppError> {
    let role: String = row.try_get("role")?;
    Ok(StaffUser {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        role: Role::parse(&role)
            .ok_or_else(|| AppError::Internal(format!("unknown stored role {role}")))?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        created_at: rfc3339(row.try_get("created_at")?),
        language: row
            .try_get::<Option<String>, _>("language")?
            .and_then(|tag| Language::from_tag(&tag)),
    })
}

pub async fn count(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await?)
}

pub async fn create(
    db: &Db,
    username: &str,
    new_password: &str,
    role: Role,
) -> Result<StaffUser, AppError> {
    if let Some(problem) = username_problem(username).or(password_problem(new_password)) {
        return Err(AppError::invalid(Sentence::of(problem.said())));
    }
    let hash = password::hash(new_password.to_owned()).await?;
    let inserted = sqlx::query(
        "INSERT INTO users (username, password_hash, role, disabled, created_at) VALUES ($1, $2, $3, FALSE, $4) RETURNING id, username, role, CASE WHEN disabled THEN 1 ELSE 0 END AS disabled, created_at, language",
    )
    .bind(username)
    .bind(hash)
    .bind(role.as_str())
    .bind(now())
    .fetch_one(db)
    .await;
    match inserted {
        Ok(row) => user(row),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::conflict(said!(
            username_taken,
            username = username
        ))),
        Err(e) => Err(e.into()),
    }
}

pub async fn list(db: &Db) -> Result<Vec<StaffUser>, AppError> {
    let rows =
        sqlx::query("SELECT id, username, role, CASE WHEN disabled THEN 1 ELSE 0 END AS disabled, created_at, language FROM users ORDER BY username")
            .fetch_all(db)
            .await?;
    rows.into_iter().map(user).collect()
}

pub async fn find(db: &Db, id: i64) -> Result<StaffUser, AppError> {
    let row =
        sqlx::query("SELECT id, username, role, CASE WHEN disabled THEN 1 ELSE 0 END AS disabled, created_at, language FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?
            .ok_or_else(|| {
                AppError::not_found(said!(no_account_id, id = id))
            })?;
    user(row)
}

/// The account and its password hash, for signing in.
pub async fn credentials(db: &Db, username: &str) -> Result<Option<(StaffUser, String)>, AppError> {
    let row = sqlx::query("SELECT id, username, role, CASE WHEN disabled THEN 1 ELSE 0 END AS disabled, created_at, language, password_hash FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(db)
        .await?;
    match row {
        Some(row) => {
            let hash: String = row.try_get("password_hash")?;
            Ok(Some((user(row)?, hash)))
        }
        None => Ok(None),
    }
}

/// Changes role and/or disabled; disabling ends the account's sessions. The last enabled admin
/// cannot be demoted or disabled, so there is always someone who can manage accounts.
pub async fn update(
    db: &Db,
    id: i64,
    role: Option<Role>,
    disabled: Option<bool>,
) -> Result<StaffUser, AppError> {
    let before = find(db, id).await?;
    let loses_admin = before.role == Role::Admin
        && !before.disabled
        && (role.is_some_and(|r| r != Role::Admin) || disabled == Some(true));
    if loses_admin && enabled_admins(db).await? <= 1 {
        return Err(AppError::conflict(said!(
            last_admin,
            username = before.username
        )));
    }
    let role = role.unwrap_or(before.role);
    let disabled = disabled.unwrap_or(before.disabled);
    sqlx::query("UPDATE users SET role = $1, disabled = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(disabled)
        .bind(id)
        .execute(db)
        .await?;
    if disabled {
        sessions::end_all_of(db, id).await?;
    }
    find(db, id).await
}

/// Keeps `language` as the account's own, for every browser it signs in from.
pub async fn set_language(db: &Db, id: i64, language: Language) -> Result<StaffUser, AppError> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(language.tag())
        .bind(id)
        .execute(db)
        .await?;
    find(db, id).await
}

pub async fn set_password(db: &Db, id: i64, new_password: &str) -> Result<(), AppError> {
    if let Some(problem) = password_problem(new_password) {
        return Err(AppError::invalid(Sentence::of(problem.said())));
    }
    let hash = password::hash(new_password.to_owned()).await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(db)
        .await?;
    sessions::end_all_of(db, id).await
}

async fn enabled_admins(db: &Db) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = FALSE")
            .fetch_one(db)
            .await?,
    )
}
