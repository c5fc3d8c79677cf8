//! Pieces more than one page uses; a panel only one page uses lives beside that page.

pub mod account_menu;
pub mod attention_badge;
pub mod attention_list;
pub mod audit_table;
pub mod bulk_end;
pub mod confirm;
pub mod conversations_table;
pub mod error_notice;
pub mod filter_form;
pub mod handset;
pub mod language_picker;
pub mod list_summary;
pub mod mirror_progress;
pub mod on_sandbox;
pub mod pairing_end;
pub mod protected;
pub mod route_diagram;
pub mod sandbox_badge;
pub mod side_card;
pub mod site_nav;
pub mod template_fields;
pub mod toasts;
