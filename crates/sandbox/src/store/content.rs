//! Content templates, their WhatsApp approval, and filling in their variables at send time.

use serde_json::{Map, Value, json};

use super::{Approval, Content, Kind, Store};
use crate::TwilioError;
use crate::sid::new_sid;

/// Longest variable value Conversations accepts.
const VALUE_MAX: usize = 256;

/// A template filled in for one send.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub body: String,
    pub approved: bool,
    /// A value WhatsApp refuses (new line, tab, more than four spaces in a row): error 63013.
    pub breaks_whatsapp_policy: bool,
}

impl Store {
    pub fn add_content(
        &mut self,
        friendly_name: &str,
        language: &str,
        body: &str,
        samples: &[(&str, &str)],
        approval: Option<Approval>,
    ) -> Content {
        let now = self.now();
        let variables: Map<String, Value> = samples
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
            .collect();
        let content = Content {
            sid: new_sid("HX"),
            friendly_name: friendly_name.to_owned(),
            language: language.into(),
            variables,
            types: json!({ "twilio/text": { "body": body } }),
            approval,
            date_created: now,
            date_updated: now,
        };
        self.touch(Kind::Content, &content.sid);
        self.contents.push(content.clone());
        content
    }

    pub fn contents(&self) -> &[Content] {
        &self.contents
    }

    pub fn content(&self, sid: &str) -> Result<&Content, TwilioError> {
        self.contents
            .iter()
            .find(|c| c.sid == sid)
            .ok_or_else(|| TwilioError::not_found(&format!("/v1/Content/{sid}")))
    }
}

/// The text of a template: its `twilio/text` body, else the first type that has one.
fn template_body(c: &Content) -> String {
    let types = c.types.as_object();
    let body_of = |t: &Value| t.get("body").and_then(Value::as_str).map(str::to_owned);
    types
        .and_then(|t| t.get("twilio/text").and_then(body_of))
        .or_else(|| types.and_then(|t| t.values().find_map(body_of)))
        .unwrap_or_default()
}

/// Fills `{{key}}` placeholders from `variables` (a JSON object string), falling back to the
/// template's sample values, with the checks Conversations makes.
pub fn render(c: &Content, variables: Option<&str>) -> Result<Rendered, TwilioError> {
    let given: Map<String, Value> = match variables {
        None => Map::new(),
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            _ => {
                return Err(TwilioError::new(
                    400,
                    50527,
                    "ContentVariables must be a JSON object, e.g. {\"1\":\"Robert\"}",
                ));
            }
        },
    };
    for (key, value) in &given {
        let Some(text) = value.as_str().filter(|t| !t.trim().is_empty()) else {
            return Err(TwilioError::new(
                400,
                21656,
                format!(
                    "The ContentVariables parameter is invalid: variable {key} must be a text that is not empty"
                ),
            ));
        };
        if text.chars().count() > VALUE_MAX {
            return Err(TwilioError::new(
                400,
                50541,
                format!("Content variable {key} is longer than {VALUE_MAX} characters"),
            ));
        }
    }
    let template = template_body(c);
    let mut body = String::new();
    let mut breaks_policy = false;
    let mut rest = template.as_str();
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let key = rest[start + 2..start + 2 + len].trim();
        let value = given
            .get(key)
            .or_else(|| c.variables.get(key))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                TwilioError::new(
                    400,
                    21656,
                    format!(
                        "The ContentVariables parameter is invalid: no value for {{{{{key}}}}}"
                    ),
                )
            })?;
        breaks_policy |= value.contains(['\n', '\t']) || value.contains("     ");
        body.push_str(&rest[..start]);
        body.push_str(value);
        rest = &rest[start + 2 + len + 2..];
    }
    body.push_str(rest);
    Ok(Rendered {
        body,
        approved: c.approval.as_ref().is_some_and(|a| a.status == "approved"),
        breaks_whatsapp_policy: breaks_policy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn template() -> Content {
        let mut store = Store::new("AC".into(), Arc::default());
        store.add_content(
            "rider_help",
            "en",
            "Hello {{1}}, {{2}} (your rider) needs help.",
            &[("1", "Customer"), ("2", "Rider")],
            None,
        )
    }

    #[test]
    fn fills_given_values_and_falls_back_to_samples() {
        let rendered = render(&template(), Some(r#"{"1":"Robert"}"#)).unwrap();
        assert_eq!(
            rendered.body,
            "Hello Robert, Rider (your rider) needs help."
        );
        assert!(!rendered.approved);
    }

    #[test]
    fn refuses_values_conversations_refuses() {
        let code = |vars: &str| render(&template(), Some(vars)).unwrap_err().code;
        assert_eq!(code("[1,2]"), 50527);
        assert_eq!(code(r#"{"1":""}"#), 21656);
        assert_eq!(code(r#"{"1":7}"#), 21656);
        assert_eq!(code(&format!(r#"{{"1":"{}"}}"#, "a".repeat(257))), 50541);
    }

    #[test]
    fn flags_values_whatsapp_refuses() {
        let rendered = render(&template(), Some(r#"{"1":"Rob\nert"}"#)).unwrap();
        assert!(rendered.breaks_whatsapp_policy);
    }
}
