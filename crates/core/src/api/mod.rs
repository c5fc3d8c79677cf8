//! Request and response bodies of the server's `/api/v1` JSON API, one module per resource.

mod conversations;
mod error;
mod info;

pub use conversations::*;
pub use error::*;
pub use info::*;
