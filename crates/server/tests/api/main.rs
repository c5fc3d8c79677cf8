//! The server's black-box tests, one binary: the real server on port 0 with a temporary database,
//! its embedded sandbox over HTTP, called like the UI (`common` is the harness).

mod common;

mod access;
mod attention;
mod audit_coverage;
mod auth;
mod bad_input;
mod bulk_end;
mod claims;
mod conversations;
mod crash;
mod db_copy;
mod deploy_unit;
mod ending;
mod events;
mod failed_pairings;
mod faults;
mod headers;
mod imports;
mod instances;
mod languages;
mod messages;
mod mirror;
mod mirror_list;
mod openapi;
mod operations;
mod opt_in;
mod opt_in_takeover;
mod pairings;
mod person_language;
mod phones;
mod pool;
mod request_refusals;
mod secrets;
mod server;
mod session_cache;
mod shutdown;
mod sign_in_guesses;
mod transcript;
mod ui_files;
mod users_and_audit;
