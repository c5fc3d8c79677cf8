//! Twilio SIDs: the generic [`Sid`] and one type per resource the API names in its paths.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A Twilio SID: a two-letter prefix naming the resource kind and 32 hexadecimal digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Sid(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SidError {
    #[error(
        "{what} must start with \"{prefix}\" followed by 32 hexadecimal characters, e.g. {example}",
        example = self.example()
    )]
    Malformed {
        what: &'static str,
        prefix: &'static str,
    },
}

impl SidError {
    /// The two letters a SID of the refused kind starts with.
    pub fn prefix(&self) -> &'static str {
        match self {
            SidError::Malformed { prefix, .. } => prefix,
        }
    }

    /// A well-formed SID of the refused kind, to show its shape.
    pub fn example(&self) -> String {
        format!("{}0123456789abcdef0123456789abcdef", self.prefix())
    }
}

impl Sid {
    /// Parses `text` as a SID of the given prefix; `what` names it in the error ("TWILIO_ACCOUNT_SID").
    pub fn parse(text: &str, prefix: &'static str, what: &'static str) -> Result<Self, SidError> {
        let text = text.trim();
        let well_formed = text.len() == 34
            && text.starts_with(prefix)
            && text[2..].bytes().all(|b| b.is_ascii_hexdigit());
        if well_formed {
            Ok(Sid(text.to_owned()))
        } else {
            Err(SidError::Malformed { what, prefix })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn prefix(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sid({})", self.0)
    }
}

/// A SID of one resource kind: parsed once at the boundary, so code that holds one need not check it.
macro_rules! typed_sid {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Sid);

        impl $name {
            pub fn parse(text: &str) -> Result<Self, SidError> {
                Sid::parse(text, $prefix, $what).map(Self)
            }

            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl TryFrom<String> for $name {
            type Error = SidError;

            fn try_from(text: String) -> Result<Self, SidError> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(sid: $name) -> String {
                sid.0.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.as_str())
            }
        }
    };
}

typed_sid!(
    /// A conversation (`CH…`).
    ConversationSid,
    "CH",
    "a conversation SID"
);
typed_sid!(
    /// A participant of a conversation (`MB…`).
    ParticipantSid,
    "MB",
    "a participant SID"
);
typed_sid!(
    /// A conversation-scoped webhook (`WH…`).
    WebhookSid,
    "WH",
    "a webhook SID"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_well_formed_account_sid() {
        let sid = Sid::parse("AC0123456789abcdef0123456789ABCDEF", "AC", "account SID").unwrap();
        assert_eq!(sid.prefix(), "AC");
    }

    #[test]
    fn rejects_a_wrong_prefix_a_short_sid_and_non_hex_digits() {
        for bad in [
            "SK0123456789abcdef0123456789abcdef",
            "AC0123",
            "AC0123456789abcdef0123456789abcdeg",
            "",
        ] {
            let err = Sid::parse(bad, "AC", "TWILIO_ACCOUNT_SID").unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("TWILIO_ACCOUNT_SID must start with \"AC\""),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn a_typed_sid_takes_only_its_own_prefix_and_says_which_it_wanted() {
        let sid = ConversationSid::parse("CH0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(sid.as_str(), "CH0123456789abcdef0123456789abcdef");
        let err = ConversationSid::parse("MB0123456789abcdef0123456789abcdef").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a conversation SID must start with \"CH\""),
            "{err}"
        );
        assert!(WebhookSid::parse("WH0123").is_err());
    }

    #[test]
    fn a_typed_sid_is_a_plain_string_in_json_and_refuses_a_malformed_one() {
        let sid: ParticipantSid =
            serde_json::from_str("\"MB0123456789abcdef0123456789abcdef\"").unwrap();
        assert_eq!(
            serde_json::to_string(&sid).unwrap(),
            "\"MB0123456789abcdef0123456789abcdef\""
        );
        let err = serde_json::from_str::<ParticipantSid>("\"CH1\"").unwrap_err();
        assert!(
            err.to_string().starts_with("a participant SID must"),
            "{err}"
        );
    }
}
