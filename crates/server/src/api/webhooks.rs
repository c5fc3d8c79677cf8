use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;
use switchboard_core::api::{MAX_WEBHOOKS, WEBHOOK_FILTERS, WebhookRequest, WebhookView};
use switchboard_twilio::WebhookParams;

use super::conversations::not_found_as;
use crate::audit::Outcome;
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::views;

#[utoipa::path(
    get,
    path = "/api/v1/conversations/{sid}/webhooks",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    responses((status = 200, body = Vec<WebhookView>), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
)]
pub async fn webhooks_list(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(sid): Path<String>,
) -> Result<Json<Vec<WebhookView>>, AppError> {
    let webhooks = state
        .twilio
        .list_webhooks(&sid)
        .await
        .map_err(|e| not_found_as(e, &sid))?;
    Ok(Json(webhooks.into_iter().map(views::webhook).collect()))
}

#[utoipa::path(
    post,
    path = "/api/v1/conversations/{sid}/webhooks",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)")),
    request_body = WebhookRequest,
    responses((status = 201, body = WebhookView), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 409, description = "Conflicts with what exists; the message says what to do", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody))
)]
pub async fn webhooks_create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sid): Path<String>,
    Json(request): Json<WebhookRequest>,
) -> Result<(StatusCode, Json<WebhookView>), AppError> {
    user.require(Role::Operator)?;
    let result = create(&state, &sid, &request).await;
    let detail =
        json!({ "target": request.target, "url": request.url, "filters": request.filters });
    state
        .audit
        .record(
            &user,
            "webhook.create",
            Some(&sid),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(|view| (StatusCode::CREATED, Json(view)))
}

async fn create(
    state: &AppState,
    sid: &str,
    request: &WebhookRequest,
) -> Result<WebhookView, AppError> {
    let params = validate(request, true)?;
    let existing = state
        .twilio
        .list_webhooks(sid)
        .await
        .map_err(|e| not_found_as(e, sid))?;
    if existing.len() >= MAX_WEBHOOKS {
        return Err(AppError::Conflict(format!(
            "This conversation already has {MAX_WEBHOOKS} webhooks, Twilio's limit: delete one before adding another."
        )));
    }
    Ok(views::webhook(
        state.twilio.create_webhook(sid, &params).await?,
    ))
}

#[utoipa::path(
    put,
    path = "/api/v1/conversations/{sid}/webhooks/{webhook}",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)"), ("webhook" = String, Path, description = "Webhook SID (WH…)")),
    request_body = WebhookRequest,
    responses((status = 200, body = WebhookView), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 422, description = "An input is wrong; the message says which", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody), (status = 409, description = "Conflicts with what exists, e.g. the conversation is closed; the message says what to do", body = switchboard_core::api::ErrorBody))
)]
pub async fn webhooks_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((sid, webhook)): Path<(String, String)>,
    Json(request): Json<WebhookRequest>,
) -> Result<Json<WebhookView>, AppError> {
    user.require(Role::Operator)?;
    let result = match validate(&request, false) {
        Ok(params) => state
            .twilio
            .update_webhook(&sid, &webhook, &params)
            .await
            .map(views::webhook)
            .map_err(Into::into),
        Err(error) => Err(error),
    };
    let detail = json!({ "webhook": webhook, "url": request.url, "filters": request.filters });
    state
        .audit
        .record(
            &user,
            "webhook.update",
            Some(&sid),
            Outcome::of(&result),
            detail,
        )
        .await;
    result.map(Json)
}

#[utoipa::path(
    delete,
    path = "/api/v1/conversations/{sid}/webhooks/{webhook}",
    tag = "webhooks",
    params(("sid" = String, Path, description = "Conversation SID (CH…)"), ("webhook" = String, Path, description = "Webhook SID (WH…)")),
    responses((status = 204, description = "Deleted"), (status = 401, description = "No valid session", body = switchboard_core::api::ErrorBody), (status = 403, description = "The role may not do this", body = switchboard_core::api::ErrorBody), (status = 404, description = "Not found", body = switchboard_core::api::ErrorBody), (status = 502, description = "Twilio refused or failed", body = switchboard_core::api::ErrorBody), (status = 409, description = "Conflicts with what exists, e.g. the conversation is closed; the message says what to do", body = switchboard_core::api::ErrorBody))
)]
pub async fn webhooks_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((sid, webhook)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    user.require(Role::Operator)?;
    let result = state
        .twilio
        .delete_webhook(&sid, &webhook)
        .await
        .map_err(Into::into);
    state
        .audit
        .record(
            &user,
            "webhook.delete",
            Some(&sid),
            Outcome::of(&result),
            json!({ "webhook": webhook }),
        )
        .await;
    result.map(|()| StatusCode::NO_CONTENT)
}

/// Checks a webhook form the way Twilio would, but with sentences that say what to fix.
pub fn validate(request: &WebhookRequest, creating: bool) -> Result<WebhookParams, AppError> {
    let invalid = |s: &str| Err(AppError::Invalid(s.to_owned()));
    let target = request.target.as_str();
    if !["webhook", "trigger", "studio"].contains(&target) {
        return invalid("Target must be webhook, trigger or studio.");
    }
    let method = request.method.as_deref().map(str::to_lowercase);
    if method.as_deref().is_some_and(|m| m != "get" && m != "post") {
        return invalid("Method must be GET or POST.");
    }
    if let Some(unknown) = request
        .filters
        .iter()
        .find(|f| !WEBHOOK_FILTERS.iter().any(|(name, _)| name == f))
    {
        return Err(AppError::Invalid(format!(
            "\"{unknown}\" is not an event a conversation webhook can receive."
        )));
    }
    let url = request
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    match target {
        "webhook" | "trigger" => check_url(url)?,
        _ if request
            .flow_sid
            .as_deref()
            .is_none_or(|f| switchboard_core::Sid::parse(f, "FW", "flow").is_err()) =>
        {
            return invalid(
                "A Studio webhook needs the flow's SID: FW followed by 32 hexadecimal characters.",
            );
        }
        _ => {}
    }
    if target == "webhook" && request.filters.is_empty() {
        return invalid("Choose at least one event to send to the webhook.");
    }
    if target == "trigger" && (request.triggers.is_empty() || request.triggers.len() > 5) {
        return invalid("A trigger webhook needs 1 to 5 keywords.");
    }
    if request
        .triggers
        .iter()
        .any(|t| t.trim().is_empty() || t.chars().count() > 248)
    {
        return invalid("Each keyword must have 1 to 248 characters.");
    }
    Ok(WebhookParams {
        target: if creating {
            target.to_owned()
        } else {
            String::new()
        },
        url: url.map(str::to_owned),
        method: Some(method.unwrap_or_else(|| "post".into())),
        filters: request.filters.clone(),
        triggers: request.triggers.clone(),
        flow_sid: request.flow_sid.clone(),
        replay_after: None,
    })
}

fn check_url(url: Option<&str>) -> Result<(), AppError> {
    let Some(url) = url else {
        return Err(AppError::Invalid(
            "Enter the URL Twilio should call.".into(),
        ));
    };
    let invalid = |s: &str| Err(AppError::Invalid(s.to_owned()));
    let Ok(parsed) = url::Url::parse(url) else {
        return invalid("The URL must be a full address, e.g. https://example.com/twilio/events.");
    };
    if !["http", "https"].contains(&parsed.scheme()) || parsed.host_str().is_none() {
        return invalid("The URL must start with https:// (or http://) and name a host.");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return invalid(
            "The URL must not carry a user name or password: Twilio signs each request instead.",
        );
    }
    if url.len() > 2_048 {
        return invalid("The URL may be at most 2,048 characters.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str, filters: &[&str]) -> WebhookRequest {
        WebhookRequest {
            target: "webhook".into(),
            url: Some(url.into()),
            method: Some("POST".into()),
            filters: filters.iter().map(|f| (*f).to_owned()).collect(),
            triggers: vec![],
            flow_sid: None,
        }
    }

    #[test]
    fn a_plain_webhook_form_becomes_twilio_parameters() {
        let params = validate(
            &request("https://example.com/hook", &["onMessageAdded"]),
            true,
        )
        .unwrap();
        assert_eq!(
            (params.target.as_str(), params.method.as_deref()),
            ("webhook", Some("post"))
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let message = |r: WebhookRequest| validate(&r, true).unwrap_err().to_string();
        assert!(
            message(request("file:///etc/passwd", &["onMessageAdded"]))
                .starts_with("The URL must start with https://")
        );
        assert!(
            message(request("https://user:pw@example.com/", &["onMessageAdded"]))
                .contains("user name or password")
        );
        assert!(
            message(request("https://example.com/", &["onEverything"]))
                .contains("\"onEverything\" is not an event")
        );
        assert!(
            message(request("https://example.com/", &[])).starts_with("Choose at least one event")
        );
        assert!(
            message(request("not a url", &["onMessageAdded"]))
                .starts_with("The URL must be a full address")
        );
    }

    #[test]
    fn a_studio_webhook_needs_a_flow_sid() {
        let studio = |flow: &str| WebhookRequest {
            target: "studio".into(),
            url: None,
            method: None,
            filters: vec![],
            triggers: vec![],
            flow_sid: Some(flow.into()),
        };
        let refused = validate(&studio("FW123"), true).unwrap_err().to_string();
        assert!(
            refused.starts_with("A Studio webhook needs the flow's SID"),
            "{refused}"
        );
        let params = validate(&studio("FW0123456789abcdef0123456789abcdef"), true).unwrap();
        assert_eq!(
            params.flow_sid.as_deref(),
            Some("FW0123456789abcdef0123456789abcdef")
        );
    }
}
