//! How stored values are shown to people: times in the operator's own time zone and locale.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Intl, Object};
use switchboard_core::Language;
use wasm_bindgen::JsValue;

use crate::i18n;

/// The browser's formatters for one language. Building an `Intl` formatter is the costly part of
/// formatting (about a millisecond each on a phone, which a list of 50 rows paid on every row), so
/// each is built once per language.
struct Formats {
    language: Language,
    date_time: Function,
    relative: Intl::RelativeTimeFormat,
    count: Function,
    plurals: Intl::PluralRules,
    units: RefCell<Vec<((&'static str, &'static str), Function)>>,
    regions: Option<JsValue>,
    languages: Option<JsValue>,
}

impl Formats {
    fn new(language: Language) -> Formats {
        let locales = || Array::of1(&JsValue::from_str(language.tag()));
        let date_time = Intl::DateTimeFormat::new(
            &locales(),
            &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
        );
        Formats {
            language,
            date_time: date_time.format(),
            relative: Intl::RelativeTimeFormat::new(&locales(), &options(&[("numeric", "auto")])),
            count: Intl::NumberFormat::new(&locales(), &Object::new()).format(),
            plurals: Intl::PluralRules::new(&locales(), &Object::new()),
            units: RefCell::new(Vec::new()),
            regions: display_names(&locales(), "region"),
            languages: display_names(&locales(), "language"),
        }
    }
}

/// `Intl.DisplayNames` for regions or languages (`kind`), where the browser has it.
fn display_names(locales: &Array, kind: &str) -> Option<JsValue> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let make = js_sys::Reflect::get(&intl, &"DisplayNames".into()).ok()?;
    let make = wasm_bindgen::JsCast::dyn_into::<Function>(make).ok()?;
    let arguments = Array::of2(locales, &options(&[("type", kind)]));
    js_sys::Reflect::construct(&make, &arguments).ok()
}

thread_local! {
    static FORMATS: RefCell<Option<Rc<Formats>>> = const { RefCell::new(None) };
    /// How far the server's clock is ahead of the browser's (the sandbox's clock may be moved on).
    static SERVER_AHEAD_MS: Cell<f64> = const { Cell::new(0.0) };
}

/// The formatters of the operator's language; read inside a view, the view follows a switch.
fn formats() -> Rc<Formats> {
    let language = i18n::language();
    FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        match formats.as_ref() {
            Some(built) if built.language == language => built.clone(),
            _ => formats.insert(Rc::new(Formats::new(language))).clone(),
        }
    })
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

/// `2026-11-26T13:00:00Z` as the operator's language writes a date and time, in local time.
/// Text that is not a time is shown as it is.
pub fn local_time(utc: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(utc));
    if date.get_time().is_nan() {
        return utc.to_owned();
    }
    call(&formats().date_time, &date)
}

/// How long ago (or how soon) `utc` is from `now_ms`, in the operator's language: `5 minutes ago`,
/// `in 40 minutes`, `yesterday`. Text that is not a time is shown as it is.
pub fn relative_time(utc: &str, now_ms: f64) -> String {
    let at = js_sys::Date::new(&JsValue::from_str(utc)).get_time();
    if at.is_nan() {
        return utc.to_owned();
    }
    let (amount, unit) = relative_amount((at - now_ms) / 1000.0);
    formats().relative.format(amount, unit).into()
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

/// The time now as the server tells it, in milliseconds since 1970 (UTC).
pub fn now_ms() -> f64 {
    js_sys::Date::now() + SERVER_AHEAD_MS.get()
}

/// Notes the server's time from an answer that carries it, so that "closes in 40 minutes" and
/// "5 minutes ago" are told from the server's clock (on the sandbox, one a test may move on).
pub fn note_server_now(utc: Option<&str>) {
    let Some(utc) = utc else { return };
    let at = js_sys::Date::new(&JsValue::from_str(utc)).get_time();
    if !at.is_nan() {
        SERVER_AHEAD_MS.set(at - js_sys::Date::now());
    }
}

/// `n` of `unit` (`minute`, `hour`, `day`) in the operator's language, `long` ("2 hours") or
/// `short` ("2 hr"); each formatter is built once.
fn units(n: f64, unit: &'static str, display: &'static str) -> String {
    let formats = formats();
    {
        let mut units = formats.units.borrow_mut();
        let index = match units.iter().position(|(key, _)| *key == (unit, display)) {
            Some(index) => index,
            None => {
                let options =
                    options(&[("style", "unit"), ("unit", unit), ("unitDisplay", display)]);
                let locales = Array::of1(&JsValue::from_str(formats.language.tag()));
                let format = Intl::NumberFormat::new(&locales, &options).format();
                units.push(((unit, display), format));
                units.len() - 1
            }
        };
        call(&units[index].1, &JsValue::from_f64(n))
    }
}

/// A length of time set in whole minutes, in its largest whole unit: `2 hours`, `1 day`, `90 minutes`.
pub fn minutes_long(minutes: u32) -> String {
    let (n, unit) = match minutes {
        m if m >= 1440 && m % 1440 == 0 => (m / 1440, "day"),
        m if m >= 60 && m % 60 == 0 => (m / 60, "hour"),
        m => (m, "minute"),
    };
    units(f64::from(n), unit, "long")
}

/// How long until something, to the minute: `2 days`, `1 hr 40 min`, `25 min`; `None` when it is
/// less than a minute away or past.
pub fn time_left(seconds: f64) -> Option<String> {
    let minutes = (seconds / 60.0).floor();
    if minutes < 1.0 {
        return None;
    }
    let (days, hours, minutes) = (
        (minutes / 1440.0).floor(),
        ((minutes % 1440.0) / 60.0).floor(),
        minutes % 60.0,
    );
    Some(if days >= 2.0 {
        units(days, "day", "long")
    } else if days >= 1.0 || hours >= 1.0 {
        let hours = hours + days * 24.0;
        match minutes {
            0.0 => units(hours, "hour", "short"),
            _ => crate::i18n::hours_and_minutes(
                &units(hours, "hour", "short"),
                &units(minutes, "minute", "short"),
            ),
        }
    } else {
        units(minutes, "minute", "short")
    })
}

/// Seconds from the server's now until `utc`; `None` when it is not a time.
pub fn seconds_until(utc: &str) -> Option<f64> {
    let at = js_sys::Date::new(&JsValue::from_str(utc)).get_time();
    (!at.is_nan()).then(|| (at - now_ms()) / 1000.0)
}

/// A region's name in the operator's language (`ES` → `Spain`), through `Intl.DisplayNames`; the
/// code itself where the browser has none.
pub fn region_name(code: &str) -> String {
    display_name(formats().regions.as_ref(), code)
}

/// A language's name in the operator's language (`pt_BR` → `Brazilian Portuguese`), through
/// `Intl.DisplayNames`; the tag itself where the browser has none.
pub fn language_name(tag: &str) -> String {
    display_name(formats().languages.as_ref(), &tag.replace('_', "-"))
}

fn display_name(names: Option<&JsValue>, code: &str) -> String {
    let name = || {
        let names = names?;
        let of = js_sys::Reflect::get(names, &"of".into()).ok()?;
        let of: Function = wasm_bindgen::JsCast::dyn_into(of).ok()?;
        of.call1(names, &JsValue::from_str(code)).ok()?.as_string()
    };
    name().unwrap_or_else(|| code.to_owned())
}

/// The operator's language's plural category of `n`: `one`, `other`, and in some languages `zero`,
/// `two`, `few`, `many`.
pub fn plural_category(n: u64) -> String {
    formats().plurals.select(n as f64).into()
}

/// `1234` as the operator's language writes a count: `1,234`.
pub fn count(n: u64) -> String {
    call(&formats().count, &JsValue::from_f64(n as f64))
}
