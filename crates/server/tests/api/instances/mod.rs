//! Several instances on one PostgreSQL database (`common::cluster`): what one instance decides,
//! every other honours. Each test is ignored unless asked for, as `cargo xtask test` does on
//! PostgreSQL.

mod accounts;
mod database_restart;
mod sign_in;
