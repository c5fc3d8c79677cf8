//! Conversations made straight in the sandbox through the typed Twilio client, as another tool
//! would have made them: the server under test sees them only through Twilio's API.

use futures_util::{StreamExt, TryStreamExt, stream};
use switchboard_twilio::{Client, ConversationParams, NewParticipant};

/// The sandbox account's business numbers (its seed data).
pub const SMS_PROXIES: [&str; 2] = ["+15550109001", "+15550109002"];
pub const WHATSAPP_PROXY: &str = "whatsapp:+15550108001";

/// A private number per seeded person: `n` keeps every (address, proxy) pair unique.
pub fn sms_address(n: usize) -> String {
    format!("+1202{n:07}")
}

pub fn whatsapp_address(n: usize) -> String {
    format!("whatsapp:+4477{n:08}")
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pairs {
    /// An SMS person and a WhatsApp person, as most of the operators' pairings are.
    Mixed,
    /// As `Mixed`, with one conversation in ten closed, as in a long-used account.
    MixedSomeClosed,
    /// Two SMS people, so every relayed message is delivered (no WhatsApp window applies).
    BothSms,
}

/// Creates conversations numbered `numbers`, `concurrency` at a time; returns their SIDs in order.
pub async fn pairings(
    twilio: &Client,
    numbers: std::ops::Range<usize>,
    pairs: Pairs,
    concurrency: usize,
) -> Result<Vec<String>, String> {
    stream::iter(numbers)
        .map(|n| async move {
            let (a, b) = match pairs {
                Pairs::Mixed | Pairs::MixedSomeClosed => (
                    messaging(sms_address(n), SMS_PROXIES[0]),
                    messaging(whatsapp_address(n), WHATSAPP_PROXY),
                ),
                Pairs::BothSms => (
                    messaging(sms_address(n), SMS_PROXIES[0]),
                    messaging(sms_address(n + 5_000_000), SMS_PROXIES[1]),
                ),
            };
            let params = ConversationParams {
                friendly_name: Some(format!("Bench order {n:05}")),
                attributes: Some(format!(r#"{{"reference":"B-{n:05}","pairing":true}}"#)),
                state: (pairs == Pairs::MixedSomeClosed && n % 10 == 9)
                    .then(|| "closed".to_owned()),
                ..ConversationParams::default()
            };
            twilio
                .create_conversation_with_participants(&params, &[a, b])
                .await
                .map(|c| c.sid)
                .map_err(|e| format!("seeding conversation {n}: {e}"))
        })
        .buffered(concurrency)
        .try_collect()
        .await
}

fn messaging(address: String, proxy: &str) -> NewParticipant {
    NewParticipant::Messaging {
        address,
        proxy_address: proxy.to_owned(),
        attributes: None,
    }
}
