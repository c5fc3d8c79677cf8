pub mod audit;
pub mod conversations;
pub mod not_found;
pub mod setup;
pub mod sign_in;
pub mod users;
