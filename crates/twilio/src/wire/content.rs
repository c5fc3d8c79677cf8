//! Twilio's JSON for content, as the official OpenAPI spec names its fields.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `content.v1.content_and_approvals`: a template with its WhatsApp approval.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ContentAndApprovals {
    pub sid: String,
    pub friendly_name: Option<String>,
    pub language: Option<String>,
    /// Sample values by placeholder key, used when a value is not given.
    #[serde(default)]
    pub variables: Option<BTreeMap<String, String>>,
    /// Bodies by content type (`twilio/text`, `twilio/quick-reply`, …).
    #[serde(default)]
    pub types: Option<serde_json::Value>,
    /// Here the WhatsApp approval fields sit directly in the object (unlike ApprovalRequests).
    #[serde(default)]
    pub approval_requests: Option<serde_json::Value>,
}

impl ContentAndApprovals {
    /// The WhatsApp approval status (`approved`, `pending`, `rejected`, …), `unsubmitted` when none.
    pub fn whatsapp_status(&self) -> &str {
        let approval = self.approval_requests.as_ref();
        approval
            .and_then(|a| a.get("status").or_else(|| a.get("whatsapp")?.get("status")))
            .and_then(|s| s.as_str())
            .unwrap_or("unsubmitted")
    }

    /// The text a phone shows: the body of the richest type that has one.
    pub fn body(&self) -> Option<&str> {
        let types = self.types.as_ref()?.as_object()?;
        types.values().find_map(|t| t.get("body")?.as_str())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ContentAndApprovalsList {
    pub contents: Vec<ContentAndApprovals>,
    pub meta: super::PageMeta,
}
