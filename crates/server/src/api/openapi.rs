//! The OpenAPI document of `/api/v1`: its header, the error answers every route shares, and what
//! the route table adds to each operation (who may call it, and the refusals that follow).

use std::collections::BTreeMap;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, OpenApi as _};

use crate::auth::Role;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "Masked WhatsApp and SMS conversations on Twilio. Every route but info, setup and \
                       sign-in needs the session cookie; every change also needs the X-CSRF-Token header \
                       the session gives."
    ),
    components(schemas(switchboard_core::api::ErrorBody)),
    modifiers(&SessionCookie),
    security(("session" = []))
)]
struct Header;

struct SessionCookie;

impl utoipa::Modify for SessionCookie {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::sessions::COOKIE,
            ))),
        );
    }
}

/// The document's header and shared components, which the route table fills with its paths.
pub fn base() -> OpenApi {
    Header::openapi()
}

fn error(description: &str) -> RefOr<Response> {
    let body = utoipa::openapi::ContentBuilder::new()
        .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
            "ErrorBody",
        ))))
        .build();
    ResponseBuilder::new()
        .description(description)
        .content("application/json", body)
        .build()
        .into()
}

/// Error answers shared by many routes, named in their `responses(...)`.
macro_rules! shared_errors {
    ($($name:ident = $status:literal, $description:literal;)*) => {$(
        #[doc = $description]
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                BTreeMap::from([($status.to_owned(), error($description))])
            }
        }
    )*};
}

shared_errors! {
    NotFound = "404", "Not found";
    Conflict = "409", "Conflicts with what exists, e.g. the conversation is closed; the message says what to do";
    Invalid = "422", "An input is wrong; the message says which";
    Upstream = "502", "Twilio refused or failed";
}

/// Who may call a route: anyone, or a signed-in person of at least this role.
#[derive(Clone, Copy)]
pub enum Access {
    Anyone,
    AtLeast(Role),
}

/// Writes who may call `operation` into its description and adds the refusals that follow: 401
/// without a session, 403 below the role or for a change from another site.
pub fn document_access(method: &str, operation: &mut Operation, access: Access) {
    let who = match access {
        Access::Anyone => "Anyone may call this.",
        Access::AtLeast(Role::Viewer) => "Needs a session (any role).",
        Access::AtLeast(Role::Operator) => "Needs the operator or admin role.",
        Access::AtLeast(Role::Admin) => "Needs the admin role.",
    };
    let description = operation.description.get_or_insert_with(String::new);
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(who);
    let responses = &mut operation.responses.responses;
    if let Access::AtLeast(role) = access {
        responses.insert("401".into(), error("No valid session"));
        if role > Role::Viewer {
            responses.insert("403".into(), error("The role may not do this"));
        }
    }
    if method != "get" {
        responses.entry("403".into()).or_insert_with(|| {
            error("Refused: a change from another site, or without the CSRF token")
        });
    }
}
