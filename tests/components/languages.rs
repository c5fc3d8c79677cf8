//! Counted sentences and times in each language, as the browser's `Intl` gives them.

use std::collections::BTreeMap;

use switchboard_catalog::{Problems, catalog, problems};
use switchboard_core::Language;
use switchboard_core::api::Said;
use switchboard_ui::format::relative_time;
use switchboard_ui::i18n;
use wasm_bindgen_test::wasm_bindgen_test;

use super::minutes_from_now;

/// Speaks `language` until dropped, then English again for the tests after.
struct Speaking;

impl Speaking {
    fn in_(language: Language) -> Speaking {
        i18n::speak(language, catalog(language));
        let said = problems(language);
        let refusals: BTreeMap<String, String> = Problems::KEYS
            .iter()
            .filter(|_| language != Language::English)
            .map(|key| ((*key).to_owned(), said.get(key).unwrap().to_owned()))
            .collect();
        i18n::speak_refusals(Box::leak(Box::new(refusals)));
        Speaking
    }
}

impl Drop for Speaking {
    fn drop(&mut self) {
        i18n::speak(Language::English, &i18n::EN);
        i18n::speak_refusals(Box::leak(Box::default()));
    }
}

/// The `[category]` form of a counted catalog text.
fn form(text: &str, category: &str) -> String {
    let start = text
        .find(&format!("[{category}]"))
        .expect("the form is there")
        + category.len()
        + 2;
    let rest = &text[start..];
    rest[..rest.find('[').unwrap_or(rest.len())].to_owned()
}

#[wasm_bindgen_test]
fn arabic_counts_take_all_six_plural_forms() {
    let _arabic = Speaking::in_(Language::Arabic);
    let pattern = catalog(Language::Arabic).attention_count;
    let cases = [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (11, "many"),
        (100, "other"),
    ];
    let mut seen = Vec::new();
    for (n, category) in cases {
        let said = i18n::attention_count(n);
        let count = format!(
            "\u{2068}{}\u{2069}",
            switchboard_ui::format::count(n as u64)
        );
        assert_eq!(
            said,
            form(pattern, category).replace("{count}", &count),
            "{n} is {category}"
        );
        seen.push(said);
    }
    seen.dedup();
    assert_eq!(seen.len(), 6, "six different sentences: {seen:?}");
}

#[wasm_bindgen_test]
fn french_counts_zero_as_one_and_spanish_does_not() {
    {
        let _french = Speaking::in_(Language::French);
        let pattern = catalog(Language::French).bulk_end_question;
        assert_eq!(
            i18n::bulk_end_question(0),
            form(pattern, "one").replace("{count}", "0")
        );
        assert_eq!(
            i18n::bulk_end_question(2),
            form(pattern, "other").replace("{count}", "2")
        );
    }
    let _spanish = Speaking::in_(Language::Spanish);
    let pattern = catalog(Language::Spanish).bulk_end_question;
    assert_eq!(
        i18n::bulk_end_question(0),
        form(pattern, "other").replace("{count}", "0")
    );
    assert_eq!(
        i18n::bulk_end_question(1),
        form(pattern, "one").replace("{count}", "1")
    );
}

#[wasm_bindgen_test]
fn relative_times_are_told_in_each_language() {
    let five_minutes_ago = minutes_from_now(-5.0);
    let now = js_sys::Date::now();
    let expected = [
        (Language::English, "5 minutes ago"),
        (Language::Spanish, "hace 5 minutos"),
        (Language::BrazilianPortuguese, "há 5 minutos"),
        (Language::French, "il y a 5 minutes"),
    ];
    for (language, words) in expected {
        let _speaking = Speaking::in_(language);
        assert_eq!(
            relative_time(&five_minutes_ago, now),
            words,
            "{}",
            language.tag()
        );
    }
    let _arabic = Speaking::in_(Language::Arabic);
    let arabic = relative_time(&five_minutes_ago, now);
    assert!(arabic.starts_with("قبل"), "{arabic}");
    assert!(
        arabic.contains("دقائق"),
        "five is counted in minutes' plural: {arabic}"
    );
}

#[wasm_bindgen_test]
fn numbers_follow_the_language() {
    let expected = [
        (Language::English, "1,234"),
        (Language::Spanish, "1234"),
        (Language::BrazilianPortuguese, "1.234"),
    ];
    for (language, written) in expected {
        let _speaking = Speaking::in_(language);
        assert_eq!(
            switchboard_ui::format::count(1234),
            written,
            "{}",
            language.tag()
        );
    }
    let _french = Speaking::in_(Language::French);
    assert_eq!(switchboard_ui::format::count(12_345), "12\u{202f}345");
}

#[wasm_bindgen_test]
fn a_refusal_is_said_in_the_language_with_its_values_and_roles_in_its_words() {
    let said = Said {
        key: "needs_role".into(),
        values: [
            ("needed", "admin"),
            ("username", "bruno"),
            ("role", "viewer"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .into(),
        ..Said::default()
    };
    assert_eq!(
        i18n::refusal(&said),
        None,
        "English keeps the server's words"
    );
    let _spanish = Speaking::in_(Language::Spanish);
    let words = catalog(Language::Spanish);
    let expected = problems(Language::Spanish)
        .needs_role
        .replace("{needed}", words.role_admin)
        .replace("{username}", "bruno")
        .replace("{role}", words.role_viewer);
    assert_eq!(i18n::refusal(&said).as_deref(), Some(expected.as_str()));
    let unknown = Said {
        key: "not_a_refusal".into(),
        ..Said::default()
    };
    assert_eq!(i18n::refusal(&unknown), None, "the server's words stand");
}

#[wasm_bindgen_test]
fn a_template_rule_broken_in_the_preview_is_said_in_the_operators_language() {
    use leptos::prelude::*;
    use switchboard_ui::components::template_fields::PhonePreview;
    let rendered = switchboard_core::template::render("Hello {{1}}, {{2}}", &BTreeMap::new());
    let shown = |rendered: switchboard_core::template::Rendered| {
        let container = super::render(move || {
            view! { <PhonePreview rendered=Signal::stored(Some(rendered))/> }.into_any()
        });
        let items = container.query_selector_all(".rules-broken li").unwrap();
        (0..items.length())
            .map(|i| items.item(i).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown(rendered.clone()),
        ["Fill in {{1}}.", "Fill in {{2}}."]
    );
    let _french = Speaking::in_(Language::French);
    let in_french = |placeholder: &str| {
        problems(Language::French)
            .template_missing
            .replace("{placeholder}", placeholder)
    };
    assert_eq!(shown(rendered), [in_french("{{1}}"), in_french("{{2}}")]);
}

#[wasm_bindgen_test]
fn a_mistyped_phone_number_is_said_in_the_operators_language_with_the_digits_isolated() {
    use switchboard_core::Channel;
    use switchboard_ui::people::typed_number;
    assert_eq!(
        typed_number("+34 6000", Channel::Sms).unwrap_err(),
        "A phone number has 7 to 15 digits after the +, this one has 6."
    );
    let _arabic = Speaking::in_(Language::Arabic);
    let expected = problems(Language::Arabic)
        .number_length
        .replace("{digits}", "\u{2068}6\u{2069}");
    assert_eq!(
        typed_number("+34 6000", Channel::Sms).unwrap_err(),
        expected
    );
    assert_eq!(
        typed_number("600 000 001", Channel::Whatsapp).unwrap_err(),
        problems(Language::Arabic).number_country_code
    );
}
