//! The conversations list served from the account mirror: any part of a name, reference, person's
//! name or number across every conversation, sorted by activity or creation, filtered, counted
//! per state and paged by keyset (so a page deep in the list costs what the first does).

use sqlx::Row;
use sqlx::any::AnyRow;
use switchboard_core::api::{ConversationPage, ListSource, StateCounts};

use super::filters::{Filters, Position, Sort, like_pattern, loose_pattern};
use super::mirror_rows;
use crate::db::Db;
use crate::error::AppError;

/// Past this many matches a text is common: its rows are read in the list's order instead.
const COMMON: u64 = 2_000;

/// What one page asks of the mirror.
pub struct Request {
    pub filters: Filters,
    pub sort: Sort,
    pub page_size: u32,
    pub after: Option<Position>,
    /// "Now" in UTC milliseconds: the sandbox's clock on the sandbox.
    pub now_ms: i64,
}

/// A value bound to a numbered placeholder.
#[derive(Clone)]
enum Bind {
    Text(String),
    Int(i64),
}

/// The `WHERE` clauses and their values, numbered as they are added.
#[derive(Default, Clone)]
struct Clauses {
    sql: String,
    binds: Vec<Bind>,
}

impl Clauses {
    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn and(&mut self, clause: &str) {
        self.sql.push_str(" AND ");
        self.sql.push_str(clause);
    }

    /// The filters other than `state`: these bound the counts too.
    /// With `by_trigrams`, a text of three characters or more is first looked up in
    /// `mirror_search` (SQLite's FTS5 trigram table; on PostgreSQL a view of the conversations,
    /// whose `search` has a trigram index), then checked exactly.
    fn shared(filters: &Filters, now_ms: i64, by_trigrams: bool) -> Clauses {
        let mut clauses = Clauses {
            sql: "c.removed_ms IS NULL".into(),
            binds: Vec::new(),
        };
        if let Some(text) = &filters.text {
            if by_trigrams && text.chars().count() >= 3 {
                let p = clauses.bind(Bind::Text(loose_pattern(text)));
                clauses.and(&format!(
                    "c.sid IN (SELECT s.sid FROM mirror_search s WHERE s.search LIKE {p})"
                ));
            }
            let p = clauses.bind(Bind::Text(like_pattern(text)));
            clauses.and(&format!("c.search LIKE {p} ESCAPE '\\'"));
        }
        if let Some(channel) = &filters.channel {
            let p = clauses.bind(Bind::Text(channel.clone()));
            clauses.and(&format!("c.channels = {p}"));
        }
        if let Some(number) = &filters.number {
            let sms = clauses.bind(Bind::Text(number.clone()));
            let whatsapp = clauses.bind(Bind::Text(format!("whatsapp:{number}")));
            clauses.and(&format!(
                "EXISTS (SELECT 1 FROM mirror_participants p WHERE p.conversation_sid = c.sid \
                 AND p.removed_ms IS NULL AND p.proxy_address IN ({sms}, {whatsapp}))"
            ));
        }
        if let Some(open) = filters.window_open {
            let now = clauses.bind(Bind::Int(now_ms));
            let compare = if open { ">" } else { "<=" };
            clauses.and(&format!("c.window_until_ms {compare} {now}"));
        }
        if let Some(failed) = filters.failed {
            let not = if failed { "" } else { "NOT " };
            clauses.and(&format!(
                "{not}EXISTS (SELECT 1 FROM mirror_failures f WHERE f.conversation_sid = c.sid \
                 AND f.cleared_ms IS NULL)"
            ));
        }
        clauses
    }

    fn query(
        &self,
        sql: String,
    ) -> sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments> {
        // Only fixed column names and numbered placeholders are written into the text.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for bind in &self.binds {
            query = match bind {
                Bind::Text(text) => query.bind(text.clone()),
                Bind::Int(number) => query.bind(*number),
            };
        }
        query
    }
}

/// One page of the list, with the counts per state.
pub async fn page(db: &Db, request: &Request) -> Result<ConversationPage, AppError> {
    let counted = Clauses::shared(&request.filters, request.now_ms, true);
    let counts = counts(db, &counted).await?;
    // A text most conversations match fills a page sooner read newest first than by trigrams.
    let common = counts.active + counts.inactive + counts.closed > COMMON;
    let listed = Clauses::shared(&request.filters, request.now_ms, !common);
    let rows = rows(db, request, &listed).await?;
    let limit = request.page_size as usize;
    let more = rows.len() > limit;
    let rows = &rows[..rows.len().min(limit)];
    let next_page = more
        .then(|| rows.last())
        .flatten()
        .map(|last| {
            Ok::<_, sqlx::Error>(
                Position {
                    key_ms: last.try_get(request.sort.column())?,
                    sid: last.try_get("sid")?,
                }
                .cursor(request.sort),
            )
        })
        .transpose()?;
    let conversations = mirror_rows::rows(db, rows, request.now_ms).await?;
    Ok(ConversationPage {
        conversations,
        next_page,
        source: ListSource::Mirror,
        counts: Some(counts),
    })
}

async fn rows(db: &Db, request: &Request, shared: &Clauses) -> Result<Vec<AnyRow>, sqlx::Error> {
    let mut clauses = shared.clone();
    if let Some(state) = &request.filters.state {
        let p = clauses.bind(Bind::Text(state.clone()));
        clauses.and(&format!("c.state = {p}"));
    }
    let column = request.sort.column();
    if let Some(after) = &request.after {
        let key = clauses.bind(Bind::Int(after.key_ms));
        let sid = clauses.bind(Bind::Text(after.sid.clone()));
        clauses.and(&format!(
            "(c.{column} < {key} OR (c.{column} = {key} AND c.sid > {sid}))"
        ));
    }
    let limit = clauses.bind(Bind::Int(i64::from(request.page_size) + 1));
    let sql = format!(
        "SELECT {} FROM mirror_conversations c WHERE {} ORDER BY c.{column} DESC, c.sid LIMIT {limit}",
        mirror_rows::COLUMNS,
        clauses.sql
    );
    clauses.query(sql).fetch_all(db).await
}

async fn counts(db: &Db, shared: &Clauses) -> Result<StateCounts, sqlx::Error> {
    let sql = format!(
        "SELECT c.state AS state, COUNT(*) AS n FROM mirror_conversations c WHERE {} GROUP BY c.state",
        shared.sql
    );
    let mut counts = StateCounts::default();
    for row in shared.query(sql).fetch_all(db).await? {
        let state: String = row.try_get("state")?;
        let n = u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or_default();
        match state.as_str() {
            "active" => counts.active += n,
            "inactive" => counts.inactive += n,
            "closed" => counts.closed += n,
            _ => {}
        }
    }
    Ok(counts)
}
