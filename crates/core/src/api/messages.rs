//! Sending messages and templates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::template::Problem;

/// `POST /api/v1/conversations/{sid}/messages`: free-form (`body`) or a template.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    /// The participant the message is from, as the others see it; the business when `None`.
    #[serde(default)]
    pub author_participant_sid: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub template: Option<TemplateValues>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateValues {
    pub content_sid: String,
    pub values: BTreeMap<String, String>,
}

/// `GET /api/v1/templates`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateView {
    pub sid: String,
    pub name: Option<String>,
    pub language: Option<String>,
    pub body: Option<String>,
    /// Placeholder keys in order, e.g. `["1", "2"]`.
    pub placeholders: Vec<String>,
    /// Sample values by key.
    pub samples: BTreeMap<String, String>,
    /// WhatsApp approval: `approved`, `pending`, `rejected`, `unsubmitted`, …
    pub whatsapp_status: String,
}

/// `POST /api/v1/templates/preview`
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePreviewRequest {
    pub content_sid: String,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

/// `POST /api/v1/templates/preview` answer: the text the phone shows and every rule broken.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePreview {
    pub text: String,
    pub problems: Vec<Problem>,
    /// Each problem as a sentence.
    pub messages: Vec<String>,
}
