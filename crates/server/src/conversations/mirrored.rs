//! The conversations list served from the account mirror: any part of a name, reference, person's
//! name or number across every conversation, sorted by activity or creation, filtered, counted
//! per state and paged by keyset (so a page deep in the list costs what the first does).

use sqlx::Row;
use sqlx::any::AnyRow;
use switchboard_core::api::{ConversationPage, ListSource, StateCounts};

use super::filters::{Filters, Position, Sort, loose_pattern};
use super::mirror_rows;
use crate::db::{self, Db, Engine};
use crate::error::AppError;

/// Past this many matches a text is common: its rows are read in the list's order instead.
const COMMON: i64 = 2_000;
/// A common search's count per state stops here.
pub const COUNT_LIMIT: u64 = 1_000;

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
    fn shared(filters: &Filters, now_ms: i64, by_trigrams: bool, engine: Engine) -> Clauses {
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
            // A function the trigram index cannot serve, so a short or common text never makes
            // PostgreSQL read that whole index; and nothing in the text needs escaping.
            let p = clauses.bind(Bind::Text(text.clone()));
            clauses.and(&match engine {
                Engine::Sqlite => format!("instr(c.search, {p}) > 0"),
                Engine::Postgres => format!("strpos(c.search, {p}) > 0"),
            });
        }
        if let Some(channel) = &filters.channel {
            let p = clauses.bind(Bind::Text(channel.clone()));
            clauses.and(&format!("c.channels = {p}"));
        }
        if let Some(number) = &filters.number {
            // A number is `+` and digits only: nothing in it needs escaping in a pattern.
            let p = clauses.bind(Bind::Text(format!("% {number} %")));
            clauses.and(&format!("c.numbers LIKE {p}"));
        }
        if let Some(open) = filters.window_open {
            let now = clauses.bind(Bind::Int(now_ms));
            let compare = if open { ">" } else { "<=" };
            clauses.and(&format!("c.window_until_ms {compare} {now}"));
        }
        if let Some(failed) = filters.failed {
            // The newest failed delivery not yet followed by a delivered one, kept on the row.
            let is = if failed { "IS NOT" } else { "IS" };
            clauses.and(&format!("c.last_failure_index {is} NULL"));
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
///
/// Without a search the counts are whole, read from a narrow index. A search looked up by
/// trigrams that finds at most [`COMMON`] is counted whole among those; a commoner one (or one of
/// one or two characters) is counted per state up to [`COUNT_LIMIT`], its rows read in the list's
/// order, where matches come soon.
pub async fn page(db: &Db, request: &Request) -> Result<ConversationPage, AppError> {
    let filters = &request.filters;
    let rare_text = match filters.text.as_deref() {
        Some(text) if text.chars().count() >= 3 => trigram_matches(db, text).await? <= COMMON,
        _ => false,
    };
    let engine = db::engine(db);
    let shared = Clauses::shared(filters, request.now_ms, rare_text, engine);
    let sqlite = engine == Engine::Sqlite;
    let counts = if filters.text.is_some() && !rare_text {
        // SQLite is told to count a text from the index that holds it with every filtered
        // column; it would otherwise read each row through the state index.
        let from = if sqlite {
            "mirror_conversations c INDEXED BY mirror_conversations_counted"
        } else {
            "mirror_conversations c"
        };
        counts_up_to(db, from, &shared, COUNT_LIMIT).await?
    } else {
        counts(db, &shared).await?
    };
    // When many match, SQLite is told to read in the list's order, where the page fills soon,
    // rather than finding every match through a filter's index and sorting them all.
    let matching = match filters.state.as_deref() {
        Some("active") => counts.active,
        Some("inactive") => counts.inactive,
        Some("closed") => counts.closed,
        _ => counts.active + counts.inactive + counts.closed,
    };
    let from = match request.sort {
        _ if !sqlite || rare_text || matching <= COMMON as u64 => "mirror_conversations c",
        Sort::Activity => "mirror_conversations c INDEXED BY mirror_conversations_activity",
        Sort::Created => "mirror_conversations c INDEXED BY mirror_conversations_created",
    };
    let rows = rows(db, request, from, &shared).await?;
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
        now: None,
        counts: Some(counts),
    })
}

async fn rows(
    db: &Db,
    request: &Request,
    from: &str,
    shared: &Clauses,
) -> Result<Vec<AnyRow>, sqlx::Error> {
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
        "SELECT {} FROM {from} WHERE {} ORDER BY c.{column} DESC, c.sid LIMIT {limit}",
        mirror_rows::COLUMNS,
        clauses.sql
    );
    clauses.query(sql).fetch_all(db).await
}

/// How many conversations (up to `COMMON + 1`) the trigram lookup finds for `text`.
async fn trigram_matches(db: &Db, text: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM mirror_search s WHERE s.search LIKE $1 LIMIT $2) m",
    )
    .bind(loose_pattern(text))
    .bind(COMMON + 1)
    .fetch_one(db)
    .await
}

/// Each state's count, stopped at `limit`: the state's rows are read only until that many match.
async fn counts_up_to(
    db: &Db,
    from: &str,
    shared: &Clauses,
    limit: u64,
) -> Result<StateCounts, sqlx::Error> {
    let one = |state: &str| {
        format!(
            "(SELECT COUNT(*) FROM (SELECT 1 FROM {from} WHERE {} AND c.state = '{state}' \
             LIMIT {limit}) m) AS {state}",
            shared.sql
        )
    };
    let sql = format!(
        "SELECT {}, {}, {}",
        one("active"),
        one("inactive"),
        one("closed")
    );
    let row = shared.query(sql).fetch_one(db).await?;
    let count = |state: &str| {
        row.try_get::<i64, _>(state)
            .map(|n| u64::try_from(n).unwrap_or_default())
    };
    Ok(StateCounts {
        active: count("active")?,
        inactive: count("inactive")?,
        closed: count("closed")?,
        limit: Some(limit),
    })
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
