//! Request and response bodies of the server's `/api/v1` JSON API, one module per resource.

mod audit;
mod bulk_end;
mod conversations;
mod ending;
mod error;
mod events;
mod imports;
mod info;
mod messages;
mod mirror;
mod opt_in;
mod pairings;
mod staff;
mod webhooks;

pub use audit::*;
pub use bulk_end::*;
pub use conversations::*;
pub use ending::*;
pub use error::*;
pub use events::*;
pub use imports::*;
pub use info::*;
pub use messages::*;
pub use mirror::*;
pub use opt_in::*;
pub use pairings::*;
pub use staff::*;
pub use webhooks::*;
