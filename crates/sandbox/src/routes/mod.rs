//! The HTTP face of the sandbox: Twilio's URLs, form fields in, wire shapes and `meta` paging out.

mod configuration;
mod content;
mod control;
mod conversations;
mod form;
mod messages;
mod messaging;
mod paging;
mod participants;
mod phones;
mod webhooks;
mod wire;
mod with_participants;

use axum::Router;
use axum::http::Uri;
use axum::routing::{get, post};

use crate::{SandboxState, TwilioError};

pub fn router(state: &SandboxState) -> Router<SandboxState> {
    let conversation = "/v1/Conversations/{conversation}";
    let app = Router::new()
        .route(
            "/v1/Conversations",
            get(conversations::list).post(conversations::create),
        )
        .route(
            conversation,
            get(conversations::fetch)
                .post(conversations::update)
                .delete(conversations::delete),
        )
        .route(
            "/v1/ConversationWithParticipants",
            post(with_participants::create),
        )
        .route(
            "/v1/ParticipantConversations",
            get(participants::by_address),
        )
        .route(
            &format!("{conversation}/Participants"),
            get(participants::list).post(participants::create),
        )
        .route(
            &format!("{conversation}/Participants/{{sid}}"),
            get(participants::fetch)
                .post(participants::update)
                .delete(participants::delete),
        )
        .route(
            &format!("{conversation}/Messages"),
            get(messages::list).post(messages::create),
        )
        .route(
            &format!("{conversation}/Messages/{{sid}}"),
            get(messages::fetch)
                .post(messages::update)
                .delete(messages::delete),
        )
        .route(
            &format!("{conversation}/Messages/{{sid}}/Receipts"),
            get(messages::receipts),
        )
        .route(
            &format!("{conversation}/Messages/{{sid}}/Receipts/{{receipt}}"),
            get(messages::receipt),
        )
        .route(
            &format!("{conversation}/Webhooks"),
            get(webhooks::list).post(webhooks::create),
        )
        .route(
            &format!("{conversation}/Webhooks/{{sid}}"),
            get(webhooks::fetch)
                .post(webhooks::update)
                .delete(webhooks::delete),
        )
        .route("/v1/Configuration", get(configuration::fetch))
        .route(
            "/v1/Configuration/Webhooks",
            get(configuration::account_webhooks).post(configuration::update_account_webhooks),
        )
        .route(
            "/v1/Services/{service}/Configuration/Webhooks",
            get(configuration::service_webhooks).post(configuration::update_service_webhooks),
        )
        .route("/v1/Content", get(content::list))
        .route("/v1/Content/{sid}", get(content::fetch))
        .route(
            "/v1/Content/{sid}/ApprovalRequests",
            get(content::approvals),
        )
        .route("/v1/ContentAndApprovals", get(content::with_approvals))
        .route("/messaging/v1/Services", get(messaging::services))
        .route("/messaging/v1/Services/{sid}", get(messaging::service))
        .route(
            "/messaging/v1/Services/{sid}/PhoneNumbers",
            get(messaging::phone_numbers),
        )
        .route(
            "/messaging/v1/Services/{sid}/ChannelSenders",
            get(messaging::channel_senders),
        )
        .route("/sandbox/v1/Phones", get(phones::list))
        .route("/sandbox/v1/Phones/Messages", post(phones::send))
        .route(
            "/sandbox/v1/Phones/{address}/Messages",
            get(phones::messages),
        )
        .route("/sandbox/v1/Webhooks/Deliveries", get(phones::deliveries));
    let app = if state.options.test_controls {
        app.route(
            "/sandbox/v1/Faults",
            get(control::faults)
                .post(control::add_fault)
                .delete(control::clear_faults),
        )
        .route(
            "/sandbox/v1/Faults/{sid}",
            axum::routing::delete(control::remove_fault),
        )
        .route(
            "/sandbox/v1/Clock",
            get(control::clock).post(control::advance_clock),
        )
        .route("/sandbox/v1/Numbers", post(control::add_number))
    } else {
        app
    };
    app.fallback(|uri: Uri| async move { TwilioError::not_found(uri.path()) })
}
