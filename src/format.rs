//! How stored values are shown to people: times in the operator's own time zone and locale.

use wasm_bindgen::JsValue;

/// `2026-11-26T13:00:00Z` as the browser's locale writes a date and time, in local time.
/// Text that is not a time is shown as it is.
pub fn local_time(utc: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(utc));
    if date.get_time().is_nan() {
        return utc.to_owned();
    }
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string("default", &options).into()
}

/// How long ago (or how soon) `utc` is from `now_ms`, in the browser's language: `5 minutes ago`,
/// `in 40 minutes`, `yesterday`. Text that is not a time is shown as it is.
pub fn relative_time(utc: &str, now_ms: f64) -> String {
    let at = js_sys::Date::new(&JsValue::from_str(utc)).get_time();
    if at.is_nan() {
        return utc.to_owned();
    }
    let (amount, unit) = relative_amount((at - now_ms) / 1000.0);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let format = js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::new(), &options);
    format.format(amount, unit).into()
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
    js_sys::Number::from(n as f64)
        .to_locale_string("default")
        .into()
}
