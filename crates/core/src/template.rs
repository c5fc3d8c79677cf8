//! WhatsApp template rendering and the variable rules Twilio and WhatsApp enforce. The browser's live
//! preview and the server's check before sending run this same code.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::Said;

/// Conversations refuses longer values (error 50541).
pub const MAX_VALUE_CHARS: usize = 256;
/// WhatsApp refuses a template body longer than this once filled in (error 63021).
pub const MAX_BODY_CHARS: usize = 1024;
/// More consecutive spaces than this in a value are refused by WhatsApp (error 63013).
pub const MAX_CONSECUTIVE_SPACES: usize = 4;

/// One broken rule, named by the placeholder it concerns.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Problem {
    /// `{{}}`, `{{a b}}` or an unclosed `{{x`: the template itself is broken.
    MalformedPlaceholder {
        text: String,
    },
    Missing {
        key: String,
    },
    Empty {
        key: String,
    },
    LineBreakOrTab {
        key: String,
    },
    TooManySpaces {
        key: String,
    },
    ValueTooLong {
        key: String,
        chars: usize,
    },
    BodyTooLong {
        chars: usize,
    },
    Unknown {
        key: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::MalformedPlaceholder { text } => {
                write!(f, "the template has a broken placeholder \"{text}\"")
            }
            Problem::Missing { key } => write!(f, "fill in {{{{{key}}}}}"),
            Problem::Empty { key } => {
                write!(f, "{{{{{key}}}}} is empty: WhatsApp refuses empty values")
            }
            Problem::LineBreakOrTab { key } => {
                write!(
                    f,
                    "{{{{{key}}}}} has a line break or tab: WhatsApp refuses them in values"
                )
            }
            Problem::TooManySpaces { key } => write!(
                f,
                "{{{{{key}}}}} has more than {MAX_CONSECUTIVE_SPACES} spaces in a row: WhatsApp refuses that"
            ),
            Problem::ValueTooLong { key, chars } => {
                write!(
                    f,
                    "{{{{{key}}}}} is {chars} characters long: at most {MAX_VALUE_CHARS} are allowed"
                )
            }
            Problem::BodyTooLong { chars } => {
                write!(
                    f,
                    "the filled-in message is {chars} characters long: at most {MAX_BODY_CHARS} are allowed"
                )
            }
            Problem::Unknown { key } => write!(f, "the template has no {{{{{key}}}}}"),
        }
    }
}

impl Problem {
    /// The rule as the catalog of refusals has it, so a page says it in the operator's words; the
    /// placeholder is named with its braces (`{{1}}`).
    pub fn said(&self) -> Said {
        let braced = |key: &str| format!("{{{{{key}}}}}");
        match self {
            Problem::MalformedPlaceholder { text } => {
                Said::new("template_malformed").with("text", text)
            }
            Problem::Missing { key } => {
                Said::new("template_missing").with("placeholder", braced(key))
            }
            Problem::Empty { key } => Said::new("template_empty").with("placeholder", braced(key)),
            Problem::LineBreakOrTab { key } => {
                Said::new("template_line_break").with("placeholder", braced(key))
            }
            Problem::TooManySpaces { key } => Said::new("template_spaces")
                .with("placeholder", braced(key))
                .with("max", MAX_CONSECUTIVE_SPACES),
            Problem::ValueTooLong { key, chars } => Said::new("template_value_long")
                .with("placeholder", braced(key))
                .with("chars", chars)
                .with("max", MAX_VALUE_CHARS),
            Problem::BodyTooLong { chars } => Said::new("template_body_long")
                .with("chars", chars)
                .with("max", MAX_BODY_CHARS),
            Problem::Unknown { key } => {
                Said::new("template_unknown").with("placeholder", braced(key))
            }
        }
    }
}

/// A template body filled in with values: the text the phone will show and every rule it breaks.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    pub text: String,
    pub problems: Vec<Problem>,
}

impl Rendered {
    pub fn is_sendable(&self) -> bool {
        self.problems.is_empty()
    }
}

enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
    Malformed(&'a str),
}

fn pieces(body: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        pieces.push(Piece::Text(&rest[..start]));
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if is_key(&after[..end]) => {
                pieces.push(Piece::Placeholder(&after[..end]));
                rest = &after[end + 2..];
            }
            Some(end) => {
                pieces.push(Piece::Malformed(&rest[start..start + 2 + end + 2]));
                rest = &after[end + 2..];
            }
            None => {
                pieces.push(Piece::Malformed(&rest[start..]));
                rest = "";
            }
        }
    }
    pieces.push(Piece::Text(rest));
    pieces
}

/// Placeholder keys: letters, digits and underscores, at most 16 (Content API rule).
fn is_key(text: &str) -> bool {
    (1..=16).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The placeholder keys of `body`, in order of first appearance.
pub fn placeholders(body: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for piece in pieces(body) {
        if let Piece::Placeholder(key) = piece
            && !keys.iter().any(|k| k == key)
        {
            keys.push(key.to_owned());
        }
    }
    keys
}

/// Fills `body` with `values`; a placeholder without a value stays visible as `{{key}}`.
pub fn render(body: &str, values: &BTreeMap<String, String>) -> Rendered {
    let mut text = String::with_capacity(body.len());
    let mut problems = Vec::new();
    for piece in pieces(body) {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Malformed(t) => {
                text.push_str(t);
                push_once(
                    &mut problems,
                    Problem::MalformedPlaceholder { text: t.to_owned() },
                );
            }
            Piece::Placeholder(key) => match values.get(key) {
                Some(value) => text.push_str(value),
                None => {
                    text.push_str(&format!("{{{{{key}}}}}"));
                    push_once(
                        &mut problems,
                        Problem::Missing {
                            key: key.to_owned(),
                        },
                    );
                }
            },
        }
    }
    let keys = placeholders(body);
    for (key, value) in values {
        if !keys.contains(key) {
            problems.push(Problem::Unknown { key: key.clone() });
        } else {
            problems.extend(value_problems(key, value));
        }
    }
    let chars = text.chars().count();
    if chars > MAX_BODY_CHARS {
        problems.push(Problem::BodyTooLong { chars });
    }
    Rendered { text, problems }
}

fn value_problems(key: &str, value: &str) -> Vec<Problem> {
    let key = key.to_owned();
    let mut problems = Vec::new();
    if value.trim().is_empty() {
        problems.push(Problem::Empty { key: key.clone() });
    }
    if value.contains(['\n', '\r', '\t']) {
        problems.push(Problem::LineBreakOrTab { key: key.clone() });
    }
    if longest_space_run(value) > MAX_CONSECUTIVE_SPACES {
        problems.push(Problem::TooManySpaces { key: key.clone() });
    }
    let chars = value.chars().count();
    if chars > MAX_VALUE_CHARS {
        problems.push(Problem::ValueTooLong { key, chars });
    }
    problems
}

fn longest_space_run(value: &str) -> usize {
    value
        .split(|c: char| !c.is_whitespace())
        .map(|run| run.chars().count())
        .max()
        .unwrap_or(0)
}

fn push_once(problems: &mut Vec<Problem>, problem: Problem) {
    if !problems.contains(&problem) {
        problems.push(problem);
    }
}

/// `ContentVariables` as Twilio takes it: a JSON object as text.
pub fn content_variables(values: &BTreeMap<String, String>) -> String {
    serde_json::to_string(values).expect("a map of strings always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELIVERY: &str = "Hello {{1}}, your food delivery is almost there but {{2}} (your rider) needs help \
                            finding your door. Are you willing to chat with them?";

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn fills_the_seed_template_as_the_phone_will_show_it() {
        let rendered = render(DELIVERY, &values(&[("1", "Robert"), ("2", "Alicia")]));
        assert!(rendered.is_sendable(), "{:?}", rendered.problems);
        assert!(rendered.text.starts_with(
            "Hello Robert, your food delivery is almost there but Alicia (your rider)"
        ));
        assert_eq!(placeholders(DELIVERY), ["1", "2"]);
    }

    #[test]
    fn an_unfilled_placeholder_stays_visible_and_is_flagged() {
        let rendered = render(DELIVERY, &values(&[("1", "Robert")]));
        assert!(rendered.text.contains("but {{2}} (your rider)"));
        assert_eq!(rendered.problems, [Problem::Missing { key: "2".into() }]);
        assert_eq!(rendered.problems[0].to_string(), "fill in {{2}}");
    }

    #[test]
    fn flags_each_whatsapp_value_rule() {
        let long = "x".repeat(257);
        let rendered = render(
            "{{a}} {{b}} {{c}} {{d}} {{e}}",
            &values(&[
                ("a", " "),
                ("b", "two\nlines"),
                ("c", "wide     gap"),
                ("d", &long),
                ("e", "fine"),
            ]),
        );
        assert_eq!(
            rendered.problems,
            [
                Problem::Empty { key: "a".into() },
                Problem::LineBreakOrTab { key: "b".into() },
                Problem::TooManySpaces { key: "c".into() },
                Problem::ValueTooLong {
                    key: "d".into(),
                    chars: 257
                },
            ]
        );
        assert!(render("{{a}}", &values(&[("a", "four    ok")])).is_sendable());
    }

    #[test]
    fn flags_a_body_over_whatsapps_limit_and_unknown_values() {
        let body = format!("{}{{{{1}}}}", "y".repeat(1000));
        let rendered = render(&body, &values(&[("1", &"z".repeat(30)), ("9", "extra")]));
        assert!(
            rendered
                .problems
                .contains(&Problem::BodyTooLong { chars: 1030 })
        );
        assert!(
            rendered
                .problems
                .contains(&Problem::Unknown { key: "9".into() })
        );
    }

    #[test]
    fn broken_placeholders_are_reported_not_swallowed() {
        let rendered = render("Hi {{}} and {{first name}} and {{open", &BTreeMap::new());
        let malformed: Vec<_> = rendered
            .problems
            .iter()
            .filter_map(|p| match p {
                Problem::MalformedPlaceholder { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(malformed, ["{{}}", "{{first name}}", "{{open"]);
        assert_eq!(rendered.text, "Hi {{}} and {{first name}} and {{open");
    }

    #[test]
    fn content_variables_are_a_json_object_string() {
        assert_eq!(
            content_variables(&values(&[("1", "Ana \"A\""), ("2", "10:30")])),
            r#"{"1":"Ana \"A\"","2":"10:30"}"#
        );
    }
}
