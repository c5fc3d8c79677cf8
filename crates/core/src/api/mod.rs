//! Request and response bodies of the server's `/api/v1` JSON API, one module per resource.

mod audit;
mod conversations;
mod error;
mod info;
mod staff;

pub use audit::*;
pub use conversations::*;
pub use error::*;
pub use info::*;
pub use staff::*;
