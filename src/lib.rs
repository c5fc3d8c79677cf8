//! The Switchboard dashboard: a Leptos single-page app that talks only to the server's `/api/v1`.

pub mod api;
mod app;
pub mod components;
pub mod format;
pub mod i18n;
pub mod links;
pub mod live;
pub mod pages;
pub mod people;
pub mod server_info;
pub mod session;

pub use app::App;
