//! Conversation-scoped webhooks: the form checked the way Twilio would, with sentences that say
//! what to fix, and Twilio's limit of five per conversation.

use switchboard_core::api::{MAX_WEBHOOKS, WEBHOOK_FILTERS, WebhookRequest, WebhookView};
use switchboard_core::{ConversationSid, WebhookSid};
use switchboard_twilio::WebhookParams;

use crate::conversations::not_found_as;
use crate::error::{AppError, said};
use crate::state::AppState;
use crate::views;

pub async fn list(state: &AppState, sid: &ConversationSid) -> Result<Vec<WebhookView>, AppError> {
    let webhooks = state
        .twilio
        .list_webhooks(sid.as_str())
        .await
        .map_err(|e| not_found_as(e, sid))?;
    Ok(webhooks.into_iter().map(views::webhook).collect())
}

pub async fn create(
    state: &AppState,
    sid: &ConversationSid,
    request: &WebhookRequest,
) -> Result<WebhookView, AppError> {
    let params = validate(request, true)?;
    if list(state, sid).await?.len() >= MAX_WEBHOOKS {
        return Err(AppError::conflict(said!(webhook_limit)));
    }
    Ok(views::webhook(
        state.twilio.create_webhook(sid.as_str(), &params).await?,
    ))
}

pub async fn update(
    state: &AppState,
    sid: &ConversationSid,
    webhook: &WebhookSid,
    request: &WebhookRequest,
) -> Result<WebhookView, AppError> {
    let params = validate(request, false)?;
    let updated = state
        .twilio
        .update_webhook(sid.as_str(), webhook.as_str(), &params)
        .await?;
    Ok(views::webhook(updated))
}

pub async fn delete(
    state: &AppState,
    sid: &ConversationSid,
    webhook: &WebhookSid,
) -> Result<(), AppError> {
    Ok(state
        .twilio
        .delete_webhook(sid.as_str(), webhook.as_str())
        .await?)
}

/// Checks a webhook form the way Twilio would, but with sentences that say what to fix.
fn validate(request: &WebhookRequest, creating: bool) -> Result<WebhookParams, AppError> {
    let invalid = |sentence| Err(AppError::invalid(sentence));
    let target = request.target.as_str();
    if !["webhook", "trigger", "studio"].contains(&target) {
        return invalid(said!(webhook_target));
    }
    let method = request.method.as_deref().map(str::to_lowercase);
    if method.as_deref().is_some_and(|m| m != "get" && m != "post") {
        return invalid(said!(webhook_method));
    }
    if let Some(unknown) = request
        .filters
        .iter()
        .find(|f| !WEBHOOK_FILTERS.iter().any(|(name, _)| name == f))
    {
        return invalid(said!(webhook_event, event = unknown));
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
            return invalid(said!(webhook_flow_sid));
        }
        _ => {}
    }
    if target == "webhook" && request.filters.is_empty() {
        return invalid(said!(webhook_no_events));
    }
    if target == "trigger" && (request.triggers.is_empty() || request.triggers.len() > 5) {
        return invalid(said!(webhook_keywords));
    }
    if request
        .triggers
        .iter()
        .any(|t| t.trim().is_empty() || t.chars().count() > 248)
    {
        return invalid(said!(webhook_keyword_length));
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
        return Err(AppError::invalid(said!(url_missing)));
    };
    let invalid = |sentence| Err(AppError::invalid(sentence));
    let Ok(parsed) = url::Url::parse(url) else {
        return invalid(said!(url_not_address));
    };
    if !["http", "https"].contains(&parsed.scheme()) || parsed.host_str().is_none() {
        return invalid(said!(url_scheme));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return invalid(said!(url_credentials));
    }
    if url.len() > 2_048 {
        return invalid(said!(url_too_long));
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
