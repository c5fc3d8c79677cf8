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
