//! Several instances on one PostgreSQL database (`common::cluster`, or servers started in this
//! process): what one instance decides, every other honours; background work is done once, by
//! whichever instance is alive; what one learns reaches the others' pages. Each test is ignored
//! unless asked for, as `cargo xtask test` does on PostgreSQL.

mod accounts;
mod database_restart;
mod events;
mod imports;
mod opt_in;
mod sign_in;
