//! Which country a phone number belongs to, told by its calling code: what the proxy choice prefers
//! (a business number of the person's own country) and what the number pool shows.

/// Calling codes of two digits; the others are one (`1`, `7`) or three.
const TWO_DIGIT_CODES: &[&str] = &[
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// The main region (ISO 3166-1) of the calling codes WhatsApp and SMS businesses use most; `1` is
/// the North American plan, shown as the United States.
const REGIONS: &[(&str, &str)] = &[
    ("1", "US"),
    ("7", "RU"),
    ("20", "EG"),
    ("27", "ZA"),
    ("30", "GR"),
    ("31", "NL"),
    ("32", "BE"),
    ("33", "FR"),
    ("34", "ES"),
    ("36", "HU"),
    ("39", "IT"),
    ("40", "RO"),
    ("41", "CH"),
    ("43", "AT"),
    ("44", "GB"),
    ("45", "DK"),
    ("46", "SE"),
    ("47", "NO"),
    ("48", "PL"),
    ("49", "DE"),
    ("51", "PE"),
    ("52", "MX"),
    ("54", "AR"),
    ("55", "BR"),
    ("56", "CL"),
    ("57", "CO"),
    ("58", "VE"),
    ("60", "MY"),
    ("61", "AU"),
    ("62", "ID"),
    ("63", "PH"),
    ("64", "NZ"),
    ("65", "SG"),
    ("66", "TH"),
    ("81", "JP"),
    ("82", "KR"),
    ("84", "VN"),
    ("86", "CN"),
    ("90", "TR"),
    ("91", "IN"),
    ("92", "PK"),
    ("212", "MA"),
    ("234", "NG"),
    ("254", "KE"),
    ("351", "PT"),
    ("353", "IE"),
    ("966", "SA"),
    ("971", "AE"),
];

/// The calling code of an E.164 number (`+34600000001` → `34`), with or without the `+`; only its
/// leading digits count, so any text is safe.
pub fn calling_code(e164: &str) -> &str {
    let digits = e164.trim_start_matches('+');
    let digits = &digits[..digits.bytes().take_while(u8::is_ascii_digit).count()];
    let length = if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGIT_CODES.iter().any(|code| digits.starts_with(code)) {
        2
    } else {
        3
    };
    &digits[..length.min(digits.len())]
}

/// The region (ISO 3166-1 alpha-2) a calling code stands for, when known.
pub fn region(calling_code: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(code, _)| *code == calling_code)
        .map(|(_, region)| *region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_country_by_the_calling_code() {
        assert_eq!(calling_code("+15550100001"), "1");
        assert_eq!(calling_code("+34600000001"), "34");
        assert_eq!(calling_code("447700900001"), "44");
        assert_eq!(calling_code("+971500000001"), "971");
        assert_eq!(region("34"), Some("ES"));
        assert_eq!(region("1"), Some("US"));
        assert_eq!(region("999"), None);
        assert_eq!(calling_code("\u{10000}"), "");
        assert_eq!(calling_code("+3\u{e9}4"), "3");
    }
}
