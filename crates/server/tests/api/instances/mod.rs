//! Several instances on one PostgreSQL database (`common::cluster`): what one instance decides,
//! every other honours, and background work is done once, by whichever instance is alive. Each test is ignored unless asked for, as `cargo xtask test` does on
//! PostgreSQL.

mod accounts;
mod database_restart;
mod imports;
mod opt_in;
mod sign_in;
