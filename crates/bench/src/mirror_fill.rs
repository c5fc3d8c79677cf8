//! Fills a server's account mirror straight in its database with generated conversations (names,
//! references, people on SMS and WhatsApp, some failures), then marks the mirror ready, as the
//! first walk and the events hook would.

use sqlx::{AnyPool, AssertSqlSafe};

const CITIES: [&str; 8] = [
    "lisbon", "berlin", "cairo", "dublin", "osaka", "quito", "perth", "oslo",
];
const NAMES: [&str; 8] = [
    "Ana Martins",
    "Bruno Silva",
    "Carla Mendes",
    "Dario Costa",
    "Eva Marques",
    "Fede Rossi",
    "Gina Lopes",
    "Hugo Santos",
];
pub const NUMBERS: [&str; 4] = [
    "+15550009001",
    "+15550009002",
    "+15550009003",
    "+15550009004",
];
const HOUR_MS: i64 = 3_600_000;
const ROWS_PER_STATEMENT: usize = 500;

/// One person: participant SID, channel, address, business number, name, last inbound time.
type Person = (String, &'static str, String, String, String, Option<i64>);

/// The `i`th conversation's columns and its two people.
struct Generated {
    sid: String,
    friendly: String,
    unique: String,
    reference: String,
    state: &'static str,
    created_ms: i64,
    activity_ms: i64,
    channels: &'static str,
    window_until_ms: Option<i64>,
    people: [Person; 2],
}

pub fn reference(i: usize) -> String {
    format!("R-{i:06}")
}

pub fn sms_address(i: usize) -> String {
    format!("+1555{i:07}")
}

fn generate(i: usize, now: i64) -> Generated {
    let created_ms = now - 400 * 24 * HOUR_MS + (i as i64) * 300_000;
    let whatsapp = !i.is_multiple_of(3);
    let inbound = whatsapp.then(|| now - ((i * 7919) % 48) as i64 * HOUR_MS);
    let customer = NAMES[i % NAMES.len()];
    let rider = NAMES[(i / 8) % NAMES.len()];
    let proxy = NUMBERS[i % NUMBERS.len()];
    let customer_address = if whatsapp {
        format!("whatsapp:+34{i:09}")
    } else {
        sms_address(i)
    };
    let customer_proxy = if whatsapp {
        format!("whatsapp:{proxy}")
    } else {
        proxy.to_owned()
    };
    Generated {
        sid: format!("CH{i:032x}"),
        friendly: format!("Order {i} {}", CITIES[i % CITIES.len()]),
        unique: format!("ord-{i}"),
        reference: reference(i),
        state: match i % 20 {
            0 => "closed",
            1..=3 => "inactive",
            _ => "active",
        },
        created_ms,
        activity_ms: created_ms + ((i * 104_729) % 1_000_000) as i64 * 1000,
        channels: if whatsapp { "mixed" } else { "sms" },
        window_until_ms: inbound.map(|at| at + 24 * HOUR_MS),
        people: [
            (
                format!("MB{i:032x}"),
                if whatsapp { "whatsapp" } else { "sms" },
                customer_address,
                customer_proxy,
                customer.to_owned(),
                inbound,
            ),
            (
                format!("MB{:032x}", i + (1 << 40)),
                "sms",
                sms_address(i + 5_000_000),
                NUMBERS[(i + 1) % NUMBERS.len()].to_owned(),
                rider.to_owned(),
                None,
            ),
        ],
    }
}

fn search(g: &Generated) -> String {
    let mut parts = vec![g.friendly.clone(), g.unique.clone(), g.reference.clone()];
    for p in &g.people {
        parts.push(p.4.clone());
        parts.push(p.2.clone());
    }
    parts.join(" ").to_lowercase()
}

/// The business numbers as the server keeps them: each once, between spaces.
fn numbers(g: &Generated) -> String {
    let mut found: Vec<&str> = g
        .people
        .iter()
        .map(|p| p.3.strip_prefix("whatsapp:").unwrap_or(&p.3))
        .collect();
    found.sort_unstable();
    found.dedup();
    format!(" {} ", found.join(" "))
}

fn placeholders(rows: usize, per_row: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=per_row)
                .map(|c| format!("${}", r * per_row + c))
                .collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes `count` conversations (and their people; one in 50 with an uncleared failure) into
/// the mirror at `db`, and marks the walk and the events hook finished. On PostgreSQL the tables
/// are then vacuumed, as autovacuum does soon after so many new rows, so reads see its index-only
/// scans.
pub async fn fill(db: &AnyPool, count: usize, now: i64, postgres: bool) -> Result<(), sqlx::Error> {
    for start in (0..count).step_by(ROWS_PER_STATEMENT) {
        let batch: Vec<Generated> = (start..(start + ROWS_PER_STATEMENT).min(count))
            .map(|i| generate(i, now))
            .collect();
        let mut tx = db.begin().await?;
        let sql = format!(
            "INSERT INTO mirror_conversations (sid, unique_name, friendly_name, reference, state, created_ms, updated_ms, \
             activity_ms, channels, numbers, search, window_until_ms, confirmed_ms) VALUES {}",
            placeholders(batch.len(), 13)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for g in &batch {
            query = query
                .bind(g.sid.clone())
                .bind(g.unique.clone())
                .bind(g.friendly.clone())
                .bind(g.reference.clone())
                .bind(g.state)
                .bind(g.created_ms)
                .bind(g.activity_ms)
                .bind(g.activity_ms)
                .bind(g.channels)
                .bind(numbers(g))
                .bind(search(g))
                .bind(g.window_until_ms)
                .bind(now);
        }
        query.execute(&mut *tx).await?;
        let sql = format!(
            "INSERT INTO mirror_participants (sid, conversation_sid, channel, address, proxy_address, name, updated_ms, \
             last_inbound_ms) VALUES {}",
            placeholders(batch.len() * 2, 8)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for g in &batch {
            for p in &g.people {
                query = query
                    .bind(p.0.clone())
                    .bind(g.sid.clone())
                    .bind(p.1)
                    .bind(p.2.clone())
                    .bind(p.3.clone())
                    .bind(p.4.clone())
                    .bind(g.created_ms)
                    .bind(p.5);
            }
        }
        query.execute(&mut *tx).await?;
        for (offset, g) in batch
            .iter()
            .enumerate()
            .filter(|(o, _)| (start + o) % 50 == 7)
        {
            sqlx::query(
                "INSERT INTO mirror_failures (conversation_sid, message_index, participant_sid, error_code, failed_ms) \
                 VALUES ($1, $2, $3, 63016, $4)",
            )
            .bind(g.sid.clone()).bind(offset as i64).bind(g.people[0].0.clone()).bind(now - HOUR_MS)
            .execute(&mut *tx)
            .await?;
            // As the server keeps it: the newest failure not followed by a delivery.
            sqlx::query(
                "UPDATE mirror_conversations SET last_failure_index = $2, last_failure_participant = $3, \
                 last_failure_code = 63016, last_failure_ms = $4 WHERE sid = $1",
            )
            .bind(g.sid.clone()).bind(offset as i64).bind(g.people[0].0.clone()).bind(now - HOUR_MS)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    for name in ["walk", "events"] {
        sqlx::query(
            "INSERT INTO mirror_runs (name, done, started_ms, finished_ms) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (name) DO UPDATE SET done = excluded.done, started_ms = excluded.started_ms, finished_ms = excluded.finished_ms",
        )
        .bind(name)
        .bind(count as i64)
        .bind(now)
        .execute(db)
        .await?;
    }
    let analyze = if postgres {
        "VACUUM ANALYZE"
    } else {
        "ANALYZE"
    };
    sqlx::query(analyze).execute(db).await?;
    Ok(())
}
