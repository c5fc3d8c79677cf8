//! Pairing two people behind the business's numbers.

use serde::{Deserialize, Serialize};

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
    /// The number's problem, in words, when it is not valid.
    pub problem: Option<String>,
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
