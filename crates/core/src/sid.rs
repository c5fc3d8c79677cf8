use std::fmt;

/// A Twilio SID: a two-letter prefix naming the resource kind and 32 hexadecimal digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Sid(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SidError {
    #[error(
        "{what} must start with \"{prefix}\" followed by 32 hexadecimal characters, e.g. {prefix}0123456789abcdef0123456789abcdef"
    )]
    Malformed {
        what: &'static str,
        prefix: &'static str,
    },
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
}
