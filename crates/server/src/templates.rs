//! WhatsApp templates (Twilio Content): the list as the UI shows it, the preview filled in as the
//! phone will show it, and the check a template passes before it is sent.

use std::collections::BTreeMap;

use switchboard_core::api::{TemplatePreview, TemplateValues, TemplateView};
use switchboard_core::template;
use switchboard_twilio::wire::ContentAndApprovals;

use crate::error::{AppError, Sentence, said};
use crate::state::AppState;

pub async fn list(state: &AppState) -> Result<Vec<TemplateView>, AppError> {
    Ok(state
        .twilio
        .templates()
        .await?
        .into_iter()
        .map(view)
        .collect())
}

pub async fn find(state: &AppState, content_sid: &str) -> Result<TemplateView, AppError> {
    list(state)
        .await?
        .into_iter()
        .find(|t| t.sid == content_sid)
        .ok_or_else(|| AppError::not_found(said!(no_template, template = content_sid)))
}

/// The same rendering and rules the browser runs for its live preview.
pub fn preview(template: &TemplateView, values: &BTreeMap<String, String>) -> TemplatePreview {
    let rendered = template::render(template.body.as_deref().unwrap_or(""), values);
    TemplatePreview {
        messages: rendered.problems.iter().map(ToString::to_string).collect(),
        text: rendered.text,
        problems: rendered.problems,
    }
}

/// The template, when WhatsApp approved it and `values` fill it without breaking a rule: only then
/// may it be sent.
pub async fn sendable(state: &AppState, values: &TemplateValues) -> Result<TemplateView, AppError> {
    let found = find(state, &values.content_sid).await?;
    refusal(&found, &values.values).map_or(Ok(found), Err)
}

fn refusal(template: &TemplateView, values: &BTreeMap<String, String>) -> Option<AppError> {
    if template.whatsapp_status != "approved" {
        return Some(AppError::invalid(said!(
            template_not_approved,
            name = template.name.as_deref().unwrap_or(&template.sid),
            status = &template.whatsapp_status
        )));
    }
    let first = preview(template, values).problems.into_iter().next()?;
    Some(AppError::invalid(Sentence::of(first.said())))
}

fn view(template: ContentAndApprovals) -> TemplateView {
    let body = template.body().map(str::to_owned);
    TemplateView {
        placeholders: body
            .as_deref()
            .map(template::placeholders)
            .unwrap_or_default(),
        whatsapp_status: template.whatsapp_status().to_owned(),
        samples: template.variables.clone().unwrap_or_default(),
        sid: template.sid,
        name: template.friendly_name,
        language: template.language,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(status: &str) -> TemplateView {
        TemplateView {
            sid: "HX0123456789abcdef0123456789abcdef".into(),
            name: Some("arrival".into()),
            language: Some("en".into()),
            body: Some("Hello {{1}}".into()),
            placeholders: vec!["1".into()],
            samples: BTreeMap::new(),
            whatsapp_status: status.into(),
        }
    }

    fn values(value: &str) -> BTreeMap<String, String> {
        BTreeMap::from([("1".to_owned(), value.to_owned())])
    }

    #[test]
    fn only_an_approved_template_with_clean_values_may_be_sent() {
        assert!(refusal(&template("approved"), &values("Ana")).is_none());
        let pending = refusal(&template("pending"), &values("Ana")).unwrap();
        assert_eq!(
            pending.to_string(),
            "The template \"arrival\" is pending by WhatsApp: only approved templates can be sent."
        );
        let broken = refusal(&template("approved"), &values("Ana\nRossi")).unwrap();
        assert_eq!(
            broken.to_string(),
            "{{1}} has a line break or tab: WhatsApp refuses them in values."
        );
    }
}
