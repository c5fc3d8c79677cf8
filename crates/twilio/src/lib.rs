//! A typed client for Twilio's Conversations, Content and Messaging REST APIs (native only).
//!
//! Requests are form-encoded with Twilio's PascalCase names; responses are snake_case JSON; lists
//! come in pages linked by `meta.next_page_url`; errors keep Twilio's numeric code. Calls time out,
//! share a cap on concurrent requests, and are retried only where that is safe (see `retry`).

mod client;
mod credentials;
mod error;
mod form;
mod resources;
mod retry;
pub mod signature;
pub mod wire;

pub use client::{Bases, Client, ClientConfig};
pub use credentials::Credentials;
pub use error::{Error, TwilioErrorBody};
pub use resources::*;
pub use retry::RetryPolicy;
