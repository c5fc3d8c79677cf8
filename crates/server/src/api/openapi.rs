//! The OpenAPI document of `/api/v1`, made from the handlers' annotations and core's types.

use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};

use super::{
    audit, conversations, imports, info, messages, opt_in, pairings, session, templates, users,
    webhooks,
};
use crate::extract::Json;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "Masked WhatsApp and SMS conversations on Twilio. Every route but info, setup and \
                       sign-in needs the session cookie; every change also needs the X-CSRF-Token header \
                       the session gives."
    ),
    paths(
        info::info_get,
        session::setup_create,
        session::session_create,
        session::session_get,
        session::session_delete,
        session::password_update,
        users::users_list,
        users::users_create,
        users::users_update,
        audit::audit_list,
        conversations::conversations_list,
        conversations::conversations_get,
        conversations::conversations_close,
        conversations::conversations_delete,
        messages::messages_create,
        opt_in::opt_in_create,
        pairings::pairings_check,
        pairings::pairings_create,
        pairings::participants_reassign,
        pairings::numbers_list,
        imports::imports_preview,
        imports::imports_create,
        imports::imports_get,
        templates::templates_list,
        templates::templates_preview,
        webhooks::webhooks_list,
        webhooks::webhooks_create,
        webhooks::webhooks_update,
        webhooks::webhooks_delete,
    ),
    modifiers(&Session),
    security(("session" = []))
)]
pub struct ApiDoc;

struct Session;

impl utoipa::Modify for Session {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::sessions::COOKIE,
            ))),
        );
    }
}

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
