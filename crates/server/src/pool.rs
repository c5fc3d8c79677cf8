//! The number pool in view: how much of each business number is taken now (from the account
//! mirror), and, for one person, which business numbers are still free (from Twilio).

use switchboard_core::api::{ChannelUsage, FreeNumbers, NumberFreedom, NumberUsage, PoolUsage};
use switchboard_core::{Address, Channel, country};

use crate::conversations::list_source;
use crate::error::{AppError, Sentence};
use crate::pairing::{holdings, plan};
use crate::state::AppState;

/// Each business number with its open pairings and people, and per channel how many people hold
/// every number or all but one.
pub async fn usage(state: &AppState) -> Result<PoolUsage, AppError> {
    let pool = state.numbers.pool(&state.twilio).await?;
    let per_number: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT p.proxy_address, COUNT(DISTINCT p.conversation_sid), COUNT(DISTINCT p.address) \
         FROM mirror_participants p JOIN mirror_conversations c ON c.sid = p.conversation_sid \
         WHERE p.removed_ms IS NULL AND c.removed_ms IS NULL AND c.state <> 'closed' \
         AND p.proxy_address IS NOT NULL GROUP BY p.proxy_address",
    )
    .fetch_all(&state.db)
    .await?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let numbers = [
        (Channel::Sms, &pool.sms),
        (Channel::Whatsapp, &pool.whatsapp),
    ]
    .into_iter()
    .flat_map(|(channel, addresses)| addresses.iter().map(move |a| (channel, a)))
    .map(|(channel, address)| {
        let found = per_number.iter().find(|(proxy, _, _)| proxy == address);
        let code = country::calling_code(address.trim_start_matches("whatsapp:"));
        NumberUsage {
            address: address.clone(),
            channel,
            calling_code: code.to_owned(),
            region: country::region(code).map(str::to_owned),
            open_pairings: found.map_or(0, |f| count(f.1)),
            people: found.map_or(0, |f| count(f.2)),
        }
    })
    .collect();
    Ok(PoolUsage {
        numbers,
        sms: channel_usage(state, "sms", pool.sms.len()).await?,
        whatsapp: channel_usage(state, "whatsapp", pool.whatsapp.len()).await?,
        complete: list_source(&state.db).await? == switchboard_core::api::ListSource::Mirror,
    })
}

/// People with an open pairing on `channel`, grouped by how many of its business numbers they hold.
async fn channel_usage(
    state: &AppState,
    channel: &str,
    pool_size: usize,
) -> Result<ChannelUsage, AppError> {
    let held: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT held, COUNT(*) FROM (SELECT p.address, COUNT(DISTINCT p.proxy_address) AS held \
         FROM mirror_participants p JOIN mirror_conversations c ON c.sid = p.conversation_sid \
         WHERE p.removed_ms IS NULL AND c.removed_ms IS NULL AND c.state <> 'closed' \
         AND p.channel = $1 AND p.proxy_address IS NOT NULL GROUP BY p.address) per_person \
         GROUP BY held",
    )
    .bind(channel)
    .fetch_all(&state.db)
    .await?;
    let pool_size = i64::try_from(pool_size).unwrap_or(i64::MAX);
    let sum = |keep: &dyn Fn(i64) -> bool| {
        held.iter()
            .filter(|(n, _)| keep(*n))
            .map(|(_, people)| u64::try_from(*people).unwrap_or(0))
            .sum()
    };
    Ok(ChannelUsage {
        people: sum(&|_| true),
        on_every_number: if pool_size == 0 {
            0
        } else {
            sum(&|n| n >= pool_size)
        },
        one_left: if pool_size < 2 {
            0
        } else {
            sum(&|n| n == pool_size - 1)
        },
    })
}

/// For the person at `number` (as typed, any channel), each business number of both channels and
/// the open conversation that holds it, if one does: the same lookup as a pairing's check.
pub async fn free_for(state: &AppState, number: &str) -> Result<FreeNumbers, AppError> {
    let sms =
        Address::on(number, Channel::Sms).map_err(|e| AppError::invalid(Sentence::of(e.said())))?;
    let whatsapp = Address::on(number, Channel::Whatsapp).expect("the same number parsed above");
    let (sms_address, whatsapp_address) = (sms.to_string(), whatsapp.to_string());
    let (pool, held_sms, held_whatsapp) = tokio::try_join!(
        state.numbers.pool(&state.twilio),
        holdings(state, &sms_address),
        holdings(state, &whatsapp_address),
    )?;
    let freedom = |proxies: &[String], held: &[plan::Holding]| -> Vec<NumberFreedom> {
        proxies
            .iter()
            .map(|proxy| NumberFreedom {
                proxy: proxy.clone(),
                held_in: held
                    .iter()
                    .find(|h| &h.proxy == proxy)
                    .map(|h| plan::conflict(h, None)),
            })
            .collect()
    };
    Ok(FreeNumbers {
        number: sms.e164().to_owned(),
        sms: freedom(&pool.sms, &held_sms),
        whatsapp: freedom(&pool.whatsapp, &held_whatsapp),
    })
}
