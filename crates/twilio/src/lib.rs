//! A typed client for Twilio's Conversations REST API (native only).
//!
//! Requests are form-encoded with Twilio's PascalCase names; responses are snake_case JSON; lists
//! come in pages that are followed through `meta.next_page_url`; errors keep Twilio's numeric code.

mod client;
mod credentials;
mod error;
pub mod wire;

pub use client::{Client, ClientConfig, CreateConversation, TWILIO_CONVERSATIONS_BASE};
pub use credentials::Credentials;
pub use error::{Error, TwilioErrorBody};
