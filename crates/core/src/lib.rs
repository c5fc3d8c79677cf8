//! Types shared by the browser UI and the server. No I/O and no framework: this crate compiles to
//! wasm and native alike, so the checks the operator sees in the browser are the ones the server makes.

pub mod address;
pub mod api;
pub mod country;
pub mod language;
pub mod sid;
pub mod template;

pub use address::{Address, AddressError, Channel};
pub use language::Language;
pub use sid::{ConversationSid, ParticipantSid, Sid, SidError, WebhookSid};
