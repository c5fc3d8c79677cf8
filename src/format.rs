//! How stored values are shown to people: times in the operator's own time zone and locale.

use js_sys::{Array, Function, Intl, Object};
use wasm_bindgen::JsValue;

// Building an `Intl` formatter is the costly part of formatting: about a millisecond each on a phone,
// which a list of 50 rows paid on every row. Each is built once, for the browser's language.
thread_local! {
    static DATE_TIME: Function =
        Intl::DateTimeFormat::new(&Array::new(), &options(&[("dateStyle", "medium"), ("timeStyle", "short")]))
            .format();
    static RELATIVE: Intl::RelativeTimeFormat =
        Intl::RelativeTimeFormat::new(&Array::new(), &options(&[("numeric", "auto")]));
    static COUNT: Function = Intl::NumberFormat::new(&Array::new(), &Object::new()).format();
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

fn call(format: &Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::UNDEFINED, value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// `2026-11-26T13:00:00Z` as the browser's locale writes a date and time, in local time.
/// Text that is not a time is shown as it is.
pub fn local_time(utc: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(utc));
    if date.get_time().is_nan() {
        return utc.to_owned();
    }
    DATE_TIME.with(|format| call(format, &date))
}

/// How long ago (or how soon) `utc` is from `now_ms`, in the browser's language: `5 minutes ago`,
/// `in 40 minutes`, `yesterday`. Text that is not a time is shown as it is.
pub fn relative_time(utc: &str, now_ms: f64) -> String {
    let at = js_sys::Date::new(&JsValue::from_str(utc)).get_time();
    if at.is_nan() {
        return utc.to_owned();
    }
    let (amount, unit) = relative_amount((at - now_ms) / 1000.0);
    RELATIVE.with(|format| format.format(amount, unit).into())
}

/// The largest unit `seconds` (negative: in the past) fills at least once, and how many of it.
pub fn relative_amount(seconds: f64) -> (f64, &'static str) {
    const UNITS: [(f64, &str); 5] = [
        (86_400.0 * 365.0, "year"),
        (86_400.0 * 30.0, "month"),
        (86_400.0, "day"),
        (3_600.0, "hour"),
        (60.0, "minute"),
    ];
    for (size, unit) in UNITS {
        if seconds.abs() >= size {
            return ((seconds / size).trunc(), unit);
        }
    }
    (0.0, "second")
}

/// The time now, in milliseconds since 1970 (UTC).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `1234` as the browser's language writes a count: `1,234`.
pub fn count(n: u64) -> String {
    COUNT.with(|format| call(format, &JsValue::from_f64(n as f64)))
}
