//! Pairing two people behind the business's numbers.

use serde::{Deserialize, Serialize};

use super::Said;
use crate::Channel;

/// One side of a pairing as the operator fills it in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingSide {
    pub name: Option<String>,
    pub channel: Channel,
    /// As typed: `+1 555 010 0001`; the channel decides the `whatsapp:` prefix.
    pub number: String,
    /// The business number for this side; chosen from the pool when empty.
    #[serde(default)]
    pub proxy: Option<String>,
    /// The person's language when known, a language tag as templates carry it (`es`, `pt_BR`):
    /// templates in it are offered first when writing to them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// Why `tag` is not a language tag (`es`, `pt-BR`, `pt_BR`, `zh-Hant-TW`), if it is not one: the
/// refusal `not_a_language` of the catalog of refusals.
pub fn language_tag_problem(tag: &str) -> Option<Said> {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok = parts.all(|part| {
        (2..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    (!(primary_ok && rest_ok)).then(|| Said::new("not_a_language").with("tag", tag))
}

/// `POST /api/v1/pairings` and `POST /api/v1/pairings/check`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingRequest {
    pub friendly_name: String,
    /// E.g. an order number, kept in the conversation's attributes.
    #[serde(default)]
    pub reference: Option<String>,
    pub sides: [PairingSide; 2],
    /// When the pairing ends by itself; `None`: the admins' default (`GET /api/v1/settings`).
    #[serde(default)]
    pub end: Option<super::PairingEnd>,
}

/// `POST /api/v1/pairings/check`: what creating this pairing would do, side by side.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingCheck {
    pub sides: [SideCheck; 2],
    /// True when both sides can be paired as they stand.
    pub ready: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideCheck {
    /// The address as Twilio will store it, when the number is valid.
    pub address: Option<String>,
    /// The side's problem, in words, when it cannot be paired as it stands.
    pub problem: Option<String>,
    /// `problem` as the catalog of refusals has it, so the page says it in the operator's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<Said>,
    /// The business number that will be used (given or chosen).
    pub proxy: Option<String>,
    /// The open conversation that already holds this (address, proxy) pair.
    pub conflict: Option<PairConflict>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairConflict {
    pub conversation_sid: String,
    pub friendly_name: Option<String>,
    pub state: Option<String>,
    /// Another business number free for this person, if the pool has one.
    pub free_proxy: Option<String>,
}

/// `POST /api/v1/pairings` answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingCreated {
    pub conversation_sid: String,
    /// The business numbers used, side by side.
    pub proxies: [String; 2],
}

/// `POST /api/v1/conversations/{sid}/participants/{participant}/reassign`: the new person for that side.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReassignRequest {
    pub side: PairingSide,
}

/// `GET /api/v1/numbers`: the business numbers pairings can use.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberPool {
    pub sms: Vec<String>,
    pub whatsapp: Vec<String>,
}

/// `GET /api/v1/numbers/usage`: each business number and how much of it is taken now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolUsage {
    pub numbers: Vec<NumberUsage>,
    /// Per channel: how many people hold a number of it now, and how many hold every one.
    pub sms: ChannelUsage,
    pub whatsapp: ChannelUsage,
    /// False while the account mirror is still filling: the counts are of what it holds so far.
    pub complete: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberUsage {
    /// As Twilio stores it: `+1555…` or `whatsapp:+34…`.
    pub address: String,
    pub channel: Channel,
    /// The calling code, e.g. `34`.
    pub calling_code: String,
    /// ISO 3166-1 alpha-2, when the calling code is known.
    #[serde(default)]
    pub region: Option<String>,
    /// Open (active or inactive) conversations that reach someone through it.
    pub open_pairings: u64,
    /// People it reaches in them: each can be paired on it again only once that pairing ends.
    pub people: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelUsage {
    /// People with at least one open pairing on this channel.
    pub people: u64,
    /// People who hold every business number of this channel: none is left for another pairing.
    pub on_every_number: u64,
    /// People who hold all but one.
    pub one_left: u64,
}

/// `GET /api/v1/numbers/free?number=`: for one person, each business number and whether it is free.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeNumbers {
    /// The number as understood, E.164.
    pub number: String,
    pub sms: Vec<NumberFreedom>,
    pub whatsapp: Vec<NumberFreedom>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberFreedom {
    pub proxy: String,
    /// The open conversation in which this person already holds it; `None` when it is free.
    #[serde(default)]
    pub held_in: Option<PairConflict>,
}

#[cfg(test)]
mod tests {
    use super::language_tag_problem;

    #[test]
    fn language_tags_are_told_from_other_text() {
        for tag in ["es", "pt_BR", "pt-BR", "fil", "zh-Hant-TW", "en_US"] {
            assert_eq!(language_tag_problem(tag), None, "{tag}");
        }
        for text in ["", "e", "es-", "Spanish!", "toolongtag", "es_B", "1x"] {
            let problem = language_tag_problem(text).expect(text);
            assert_eq!(
                (problem.key.as_str(), problem.values["tag"].as_str()),
                ("not_a_language", text)
            );
        }
    }
}
