//! The Switchboard server: the only part that holds Twilio credentials. It serves the `/api/v1` JSON
//! API and the built UI, and with no credentials runs the embedded sandbox as its upstream.

pub mod api;
pub mod attention;
pub mod audit;
pub mod auth;
pub mod bulk_end;
pub mod cli;
pub mod clock;
pub mod config;
pub mod conversations;
pub mod db;
pub mod error;
pub mod events;
pub mod extract;
mod health;
pub mod imports;
pub mod instances;
pub mod messages;
mod metrics;
pub mod mirror;
pub mod numbers;
pub mod opt_in;
pub mod pairing;
pub mod pool;
pub mod sandbox;
mod security;
pub mod settings;
pub mod staff;
pub mod startup;
pub mod state;
pub mod templates;
mod twilio_errors;
mod twilio_hook;
mod ui;
pub mod views;
pub mod webhooks;

pub use config::{Config, ConfigError, ServeArgs, UiSource, Upstream};
pub use startup::{Application, StartError};
