//! Each language's catalog against English: the same placeholders per key, known plural forms with
//! `[other]`, and no empty text.

use std::collections::BTreeSet;

use switchboard_core::Language;

use crate::{Messages, Problems, catalog, problems};

/// The CLDR plural categories a counted sentence may use.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

pub(crate) fn placeholders(text: &str) -> BTreeSet<&str> {
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

/// Every text of `language`, the dashboard's and the server's refusals, as (key, text, English).
fn each_text(language: Language) -> Vec<(String, &'static str, &'static str)> {
    let words = catalog(language);
    let refusals = problems(language);
    let dashboard = Messages::KEYS
        .iter()
        .map(|key| ((*key).to_owned(), words.get(key), crate::EN.get(key)));
    let server = Problems::KEYS.iter().map(|key| {
        let english = problems(Language::English).get(key);
        (format!("problems.{key}"), refusals.get(key), english)
    });
    dashboard
        .chain(server)
        .map(|(key, text, english)| (key, text.unwrap(), english.unwrap()))
        .collect()
}

#[test]
fn every_language_keeps_englishs_placeholders() {
    for language in Language::ALL {
        for (key, text, english) in each_text(language) {
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
        for (key, text, english) in each_text(language) {
            let english_counted = !forms(english).is_empty();
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
        for (key, text, _) in each_text(language) {
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
fn every_key_is_named_once() {
    assert_eq!(
        Messages::KEYS.len(),
        Messages::KEYS.iter().collect::<BTreeSet<_>>().len()
    );
}

fn texts_of(messages: &Messages) -> Vec<String> {
    messages.texts().into_iter().map(str::to_owned).collect()
}

#[test]
fn a_catalog_reads_back_whole_and_refuses_texts_for_other_keys() {
    let read = Messages::read(Messages::FINGERPRINT, texts_of(&crate::FR)).unwrap();
    for key in Messages::KEYS {
        assert_eq!(read.get(key), crate::FR.get(key), "{key}");
    }
    assert!(Messages::read(Messages::FINGERPRINT ^ 1, texts_of(&crate::FR)).is_none());
    let mut short = texts_of(&crate::FR);
    short.pop();
    assert!(Messages::read(Messages::FINGERPRINT, short).is_none());
}

#[test]
fn the_fingerprint_follows_each_key_its_spelling_and_its_place() {
    let fingerprints = [
        crate::fingerprint(&["ab", "c"]),
        crate::fingerprint(&["a", "bc"]),
        crate::fingerprint(&["c", "ab"]),
        crate::fingerprint(&["ab"]),
    ];
    for (i, a) in fingerprints.iter().enumerate() {
        for b in &fingerprints[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn every_language_says_the_servers_refusals_in_its_own_words() {
    let english = problems(Language::English);
    for language in Language::ALL {
        if language == Language::English {
            continue;
        }
        let refusals = problems(language);
        let same: Vec<&str> = Problems::KEYS
            .iter()
            .copied()
            .filter(|key| refusals.get(key) == english.get(key))
            .filter(|key| has_words(english.get(key).unwrap_or_default()))
            .collect();
        assert!(
            same.is_empty(),
            "{} still English: {same:?}",
            language.tag()
        );
    }
}

/// French puts a no-break space before `:` and inside `« »`, and a narrow one before `;`, `?` and
/// `!`, so a line never breaks between a word and its mark.
#[test]
fn french_keeps_a_no_break_space_before_its_double_marks() {
    let breakable = [" :", " ;", " ?", " !", " »", "« "];
    for (key, text, _) in each_text(Language::French) {
        for pair in breakable {
            assert!(
                !text.contains(pair),
                "fr `{key}` has an ordinary space in \"{pair}\": {text}"
            );
        }
    }
}

/// Whether `text` has a letter outside its placeholders: "{who}: {problem}" has none to translate.
fn has_words(text: &str) -> bool {
    let rest = placeholders(text)
        .into_iter()
        .fold(text.to_owned(), |rest, part| {
            rest.replace(&format!("{{{part}}}"), "")
        });
    rest.chars().any(char::is_alphabetic)
}
