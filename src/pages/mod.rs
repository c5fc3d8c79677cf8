pub mod conversations;
pub mod not_found;
