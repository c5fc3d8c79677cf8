//! The route table: every `/api/v1` route once, with who may call it. The router and the OpenAPI
//! document are both made from it, so a route cannot be served undocumented or guarded by less
//! than its document says.

use axum::extract::DefaultBodyLimit;
use axum::middleware;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

use super::openapi::{Access, document_access};
use super::{
    attention, audit, conversations, events, imports, info, languages, messages, mirror, opt_in,
    pairings, sandbox, session, settings, templates, users, webhooks,
};
use crate::auth::{self, Role};
use crate::state::AppState;

/// A 10,000-row pairing CSV fits well within this.
const CSV_LIMIT: usize = 8 * 1024 * 1024;

type Routes = UtoipaMethodRouter<AppState>;

const ANYONE: Access = Access::Anyone;
const VIEWERS: Access = Access::AtLeast(Role::Viewer);
const OPERATORS: Access = Access::AtLeast(Role::Operator);
const ADMINS: Access = Access::AtLeast(Role::Admin);

pub fn table(state: &AppState) -> OpenApiRouter<AppState> {
    let table = Table {
        router: OpenApiRouter::with_openapi(super::openapi::base()),
        state: state.clone(),
    };
    table
        .add(ANYONE, routes!(info::info_get))
        .add(ANYONE, routes!(session::setup_create))
        .add(ANYONE, routes!(session::session_create))
        .add(
            VIEWERS,
            routes!(session::session_get, session::session_delete),
        )
        .add(VIEWERS, routes!(session::password_update))
        .add(ANYONE, compressed(routes!(languages::languages_get)))
        .add(VIEWERS, routes!(languages::session_language_update))
        .add(ADMINS, routes!(users::users_list, users::users_create))
        .add(ADMINS, routes!(users::users_update))
        .add(VIEWERS, routes!(audit::audit_list))
        .add(VIEWERS, routes!(conversations::conversations_list))
        .add(VIEWERS, routes!(attention::attention_get))
        .add(VIEWERS, routes!(conversations::conversations_get))
        .add(VIEWERS, routes!(conversations::conversations_transcript))
        .add(ADMINS, routes!(conversations::conversations_delete))
        .add(OPERATORS, routes!(conversations::conversations_close))
        .add(OPERATORS, routes!(conversations::conversations_extend))
        .add(OPERATORS, routes!(conversations::bulk_ends_create))
        .add(VIEWERS, routes!(conversations::bulk_ends_get))
        .add(VIEWERS, routes!(settings::settings_get))
        .add(ADMINS, routes!(settings::settings_update))
        .add(OPERATORS, routes!(messages::messages_create))
        .add(OPERATORS, routes!(pairings::participants_reassign))
        .add(VIEWERS, routes!(webhooks::webhooks_list))
        .add(OPERATORS, routes!(webhooks::webhooks_create))
        .add(
            OPERATORS,
            routes!(webhooks::webhooks_update, webhooks::webhooks_delete),
        )
        .add(OPERATORS, routes!(opt_in::opt_in_create))
        .add(OPERATORS, routes!(pairings::pairings_create))
        .add(VIEWERS, routes!(pairings::pairings_check))
        .add(OPERATORS, csv(routes!(imports::imports_create)))
        .add(VIEWERS, csv(routes!(imports::imports_preview)))
        .add(VIEWERS, routes!(imports::imports_get))
        .add(VIEWERS, routes!(events::events_follow))
        .add(VIEWERS, routes!(pairings::numbers_list))
        .add(VIEWERS, routes!(pairings::numbers_usage))
        .add(VIEWERS, routes!(pairings::numbers_free))
        .add(VIEWERS, routes!(templates::templates_list))
        .add(VIEWERS, routes!(templates::templates_preview))
        .add(VIEWERS, routes!(sandbox::phones_list))
        .add(VIEWERS, routes!(sandbox::phone_messages_list))
        .add(OPERATORS, routes!(sandbox::phone_messages_create))
        .add(VIEWERS, routes!(sandbox::webhook_deliveries_list))
        .add(ADMINS, routes!(sandbox::clock_get, sandbox::clock_advance))
        .add(ADMINS, routes!(sandbox::numbers_add))
        .add(
            ADMINS,
            routes!(
                sandbox::faults_list,
                sandbox::faults_create,
                sandbox::faults_clear
            ),
        )
        .add(ADMINS, routes!(sandbox::faults_delete))
        .add(VIEWERS, routes!(mirror::mirror_get))
        .add(ADMINS, routes!(mirror::mirror_walk))
        .add(ADMINS, routes!(mirror::mirror_reconcile))
        .add(ADMINS, routes!(mirror::account_events_get))
        .add(ADMINS, routes!(mirror::account_events_connect))
        .router
}

struct Table {
    router: OpenApiRouter<AppState>,
    state: AppState,
}

impl Table {
    /// Adds routes that `access` may call: a session is checked first (401), then the role (403)
    /// before the body is read; the document says both.
    fn add(self, access: Access, (schemas, mut paths, method_router): Routes) -> Self {
        for item in paths.paths.values_mut() {
            let operations = [
                ("get", &mut item.get),
                ("post", &mut item.post),
                ("put", &mut item.put),
                ("patch", &mut item.patch),
                ("delete", &mut item.delete),
            ];
            for (method, operation) in operations {
                if let Some(operation) = operation {
                    document_access(method, operation, access);
                }
            }
        }
        let method_router = match access {
            Access::Anyone => method_router,
            Access::AtLeast(role) => method_router
                .route_layer(middleware::from_fn_with_state(role, auth::at_least))
                .route_layer(middleware::from_fn_with_state(
                    self.state.clone(),
                    auth::require_session,
                )),
        };
        Table {
            router: self.router.routes((schemas, paths, method_router)),
            state: self.state,
        }
    }
}

/// Large answers (a language's catalog) travel compressed.
fn compressed((schemas, paths, method_router): Routes) -> Routes {
    let layer = tower_http::compression::CompressionLayer::new()
        .br(true)
        .gzip(true);
    (schemas, paths, method_router.layer(layer))
}

/// CSV uploads may be larger than the default body limit.
fn csv((schemas, paths, method_router): Routes) -> Routes {
    (
        schemas,
        paths,
        method_router.layer(DefaultBodyLimit::max(CSV_LIMIT)),
    )
}
