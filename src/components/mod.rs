pub mod account_menu;
pub mod audit_table;
pub mod conversations_table;
pub mod error_notice;
pub mod protected;
pub mod sandbox_badge;
