pub mod conversations_table;
pub mod error_notice;
pub mod sandbox_badge;
