//! Each language's catalog against English: the same placeholders per key, known plural forms with
//! `[other]`, and no empty text.

use std::collections::BTreeSet;

use switchboard_core::Language;

use crate::{Messages, catalog};

/// The CLDR plural categories a counted sentence may use.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        found.insert(&after[..close]);
        rest = &after[close + 1..];
    }
    found
}

/// The `[category]` forms of a counted sentence, in order, or none for a plain one.
fn forms(text: &str) -> Vec<(&str, &str)> {
    if !text.starts_with('[') {
        return Vec::new();
    }
    text.split('[')
        .skip(1)
        .map(|part| part.split_once(']').unwrap_or((part, "")))
        .collect()
}

fn each_text(messages: &Messages) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    Messages::KEYS
        .iter()
        .map(|key| (*key, messages.get(key).expect("every key has text")))
}

#[test]
fn every_language_keeps_englishs_placeholders() {
    for language in Language::ALL {
        for (key, text) in each_text(catalog(language)) {
            let english = crate::EN.get(key).unwrap();
            assert_eq!(
                placeholders(text),
                placeholders(english),
                "{} `{key}` must name the same parts as English: {text}",
                language.tag()
            );
        }
    }
}

#[test]
fn counted_sentences_use_known_forms_and_always_other() {
    for language in Language::ALL {
        for (key, text) in each_text(catalog(language)) {
            let english_counted = !forms(crate::EN.get(key).unwrap()).is_empty();
            let forms = forms(text);
            assert_eq!(
                !forms.is_empty(),
                english_counted,
                "{} `{key}` counted as English is",
                language.tag()
            );
            if forms.is_empty() {
                continue;
            }
            for (category, form) in &forms {
                assert!(
                    CATEGORIES.contains(category),
                    "{} `{key}` has unknown form [{category}]",
                    language.tag()
                );
                assert!(
                    !form.trim().is_empty(),
                    "{} `{key}` has an empty [{category}] form",
                    language.tag()
                );
            }
            assert!(
                forms.iter().any(|(category, _)| *category == "other"),
                "{} `{key}` needs [other]",
                language.tag()
            );
        }
    }
}

#[test]
fn no_text_is_empty_or_padded() {
    for language in Language::ALL {
        for (key, text) in each_text(catalog(language)) {
            assert!(
                !text.trim().is_empty(),
                "{} `{key}` is empty",
                language.tag()
            );
            if !key.ends_with("_separator") {
                assert_eq!(
                    text.trim(),
                    text,
                    "{} `{key}` has spaces at its ends",
                    language.tag()
                );
            }
        }
    }
}

#[test]
fn read_rebuilds_a_catalog_and_names_the_first_missing_key() {
    let read = Messages::read(|key| crate::FR.get(key).map(str::to_owned)).unwrap();
    assert!(
        Messages::KEYS
            .iter()
            .all(|key| read.get(key) == crate::FR.get(key))
    );

    let missing = Messages::read(|key| (key != "menu").then(|| "x".to_owned())).unwrap_err();
    assert_eq!(missing, "menu");
    assert_eq!(
        Messages::KEYS.len(),
        Messages::KEYS.iter().collect::<BTreeSet<_>>().len()
    );
}
