//! ISO-8601 durations as Twilio takes them for timers (`PT1M`, `PT10M`, `P1D`, `P1DT12H`, `P2W`).

use time::Duration;

pub fn parse(text: &str) -> Option<Duration> {
    let rest = text.strip_prefix('P')?;
    let (date, clock) = match rest.split_once('T') {
        Some((date, clock)) if !clock.is_empty() => (date, Some(clock)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total = Duration::ZERO;
    let mut any = false;
    for (part, units) in [(date, "WD"), (clock.unwrap_or(""), "HMS")] {
        let mut number = String::new();
        let mut last_unit = None;
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let position = units.find(c)?;
            if number.is_empty() || last_unit.is_some_and(|last| position <= last) {
                return None;
            }
            let n: i64 = number.parse().ok()?;
            total += match c {
                'W' => Duration::weeks(n),
                'D' => Duration::days(n),
                'H' => Duration::hours(n),
                'M' => Duration::minutes(n),
                _ => Duration::seconds(n),
            };
            number.clear();
            last_unit = Some(position);
            any = true;
        }
        if !number.is_empty() {
            return None;
        }
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_durations_twilio_timers_use() {
        assert_eq!(parse("PT1M"), Some(Duration::minutes(1)));
        assert_eq!(parse("PT10M"), Some(Duration::minutes(10)));
        assert_eq!(parse("P1D"), Some(Duration::days(1)));
        assert_eq!(parse("P1DT12H30M5S"), Some(Duration::seconds(131_405)));
        assert_eq!(parse("P2W"), Some(Duration::weeks(2)));
    }

    #[test]
    fn rejects_what_is_not_an_iso_duration() {
        for text in ["", "P", "PT", "1M", "PT1X", "PTM", "PT1M1H", "P1H", "PT5"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
