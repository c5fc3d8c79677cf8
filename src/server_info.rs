//! What the server says about itself (`GET /api/v1/info`), asked once when the app starts and shared
//! through context: whether it runs on the sandbox does not change while it runs.

use leptos::prelude::*;
use switchboard_core::api::{ServerInfo, UpstreamMode};

use crate::api::{self, ApiError};

#[derive(Clone, Copy)]
pub struct ServerFacts {
    info: LocalResource<Result<ServerInfo, ApiError>>,
}

impl ServerFacts {
    /// Provides the server's facts to the app and asks for them.
    pub fn provide() -> ServerFacts {
        let facts = ServerFacts {
            info: LocalResource::new(api::server_info),
        };
        provide_context(facts);
        facts
    }

    pub fn get() -> ServerFacts {
        expect_context::<ServerFacts>()
    }

    /// Whether the server has answered (or failed to).
    pub fn known(&self) -> bool {
        self.info.with(Option::is_some)
    }

    /// Whether the server runs on the sandbox (simulated phones exist); false until it has said so.
    pub fn on_sandbox(&self) -> bool {
        matches!(self.info.get(), Some(Ok(info)) if info.upstream == UpstreamMode::Sandbox)
    }
}
