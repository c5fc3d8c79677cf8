//! Sending messages and templates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::template::Problem;

/// `POST /api/v1/conversations/{sid}/messages`: `{"body": …}` or `{"template": …}`, beside the
/// optional author.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    /// The participant the message is from, as the others see it; the business when `None`.
    #[serde(default)]
    pub author_participant_sid: Option<String>,
    #[serde(flatten)]
    pub content: MessageContent,
}

/// What a message carries: free-form text, or a WhatsApp template with its values. Exactly one of
/// the two keys is given (the other may be absent or `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum MessageContent {
    Text { body: String },
    Template { template: TemplateValues },
}

/// The refusal of a message with both keys or neither.
pub const ONE_CONTENT: &str = "Send either a message text or a template, not both and not neither.";

impl<'de> Deserialize<'de> for MessageContent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Keys {
            #[serde(default)]
            body: Option<String>,
            #[serde(default)]
            template: Option<TemplateValues>,
        }
        let keys = Keys::deserialize(deserializer)?;
        match (keys.body, keys.template) {
            (Some(body), None) => Ok(MessageContent::Text { body }),
            (None, Some(template)) => Ok(MessageContent::Template { template }),
            _ => Err(serde::de::Error::custom(ONE_CONTENT)),
        }
    }
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

/// Written by hand: the derived schema could not say that the other key may only be `null`.
#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    use utoipa::openapi::{Ref, RefOr};
    use utoipa::{PartialSchema, ToSchema};

    use super::{MessageContent, TemplateValues};

    impl PartialSchema for MessageContent {
        fn schema() -> RefOr<Schema> {
            let null = || ObjectBuilder::new().schema_type(Type::Null);
            let text = ObjectBuilder::new()
                .property("body", ObjectBuilder::new().schema_type(Type::String))
                .required("body")
                .property("template", null());
            let template = ObjectBuilder::new()
                .property("template", Ref::from_schema_name(TemplateValues::name()))
                .required("template")
                .property("body", null());
            OneOfBuilder::new()
                .item(text)
                .item(template)
                .description(Some(
                    "Free-form text (`body`) or a WhatsApp template with its values (`template`): \
                     exactly one of the two; the other may be absent or null.",
                ))
                .into()
        }
    }

    impl ToSchema for MessageContent {
        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            schemas.push((TemplateValues::name().into(), TemplateValues::schema()));
            <TemplateValues as ToSchema>::schemas(schemas);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: serde_json::Value) -> Result<SendMessage, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    #[test]
    fn a_message_is_text_or_a_template_and_the_other_key_may_be_null() {
        let text = parse(json!({ "author_participant_sid": null, "body": "Hi", "template": null }));
        assert_eq!(
            text.unwrap().content,
            MessageContent::Text { body: "Hi".into() }
        );
        let template = parse(json!({ "body": null,
            "template": { "content_sid": "HX1", "values": { "1": "Ana" } } }))
        .unwrap();
        assert!(matches!(
            template.content,
            MessageContent::Template { template } if template.content_sid == "HX1"
        ));
    }

    #[test]
    fn both_keys_or_neither_are_refused_with_one_sentence() {
        let both = json!({ "body": "Hi", "template": { "content_sid": "HX1", "values": {} } });
        for refused in [both, json!({}), json!({ "body": null, "template": null })] {
            assert_eq!(parse(refused).unwrap_err(), ONE_CONTENT);
        }
    }

    #[test]
    fn a_message_is_written_with_only_its_own_key() {
        let message = SendMessage {
            author_participant_sid: None,
            content: MessageContent::Text { body: "Hi".into() },
        };
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            json!({ "author_participant_sid": null, "body": "Hi" })
        );
        assert_eq!(parse(serde_json::to_value(&message).unwrap()), Ok(message));
    }
}

#[cfg(all(test, feature = "openapi"))]
mod schema_tests {
    use serde_json::json;
    use utoipa::PartialSchema;

    #[test]
    fn the_schema_takes_a_body_or_a_template_and_the_other_only_as_null() {
        let schema = serde_json::to_value(super::MessageContent::schema()).unwrap();
        let variants = schema["oneOf"].as_array().unwrap();
        let shape = |v: &serde_json::Value| (v["required"].clone(), v["properties"].clone());
        assert_eq!(
            shape(&variants[0]),
            (
                json!(["body"]),
                json!({
            "body": { "type": "string" }, "template": { "type": "null" } })
            )
        );
        assert_eq!(
            shape(&variants[1]),
            (
                json!(["template"]),
                json!({
            "body": { "type": "null" },
            "template": { "$ref": "#/components/schemas/TemplateValues" } })
            )
        );
    }
}
