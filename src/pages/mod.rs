//! The routed pages, one per file; a page's own panels live in its folder (`conversation/`).
//! `on_demand` lists the pages whose code loads when first needed.

pub mod account_events;
pub mod attention;
pub mod audit;
pub mod conversation;
pub mod conversations;
pub mod import;
pub mod new_pairing;
pub mod not_found;
pub mod numbers;
pub mod on_demand;
pub mod phones;
pub mod settings;
pub mod setup;
pub mod sign_in;
pub mod templates;
pub mod users;
