//! `GET /api/v1/info`: what the server runs on, asked before sign-in.

use serde::{Deserialize, Serialize};

/// Where the server sends its Twilio calls.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpstreamMode {
    /// The embedded Twilio-compatible emulator: no account, simulated phones.
    Sandbox,
    /// The real Twilio account configured by credentials.
    Twilio,
}

/// `GET /api/v1/info`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    pub upstream: UpstreamMode,
    pub version: String,
    /// No staff account exists yet: the first admin must be created with the printed setup link.
    #[serde(default)]
    pub setup_required: bool,
}
