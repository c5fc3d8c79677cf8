//! The languages the dashboard speaks, and choosing one from a browser's preferences.

use serde::{Deserialize, Serialize};

/// A language of the dashboard, named on the wire by its BCP 47 tag.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "es")]
    Spanish,
    #[serde(rename = "pt-BR")]
    BrazilianPortuguese,
    #[serde(rename = "fr")]
    French,
    #[serde(rename = "ar")]
    Arabic,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::English,
        Language::Spanish,
        Language::BrazilianPortuguese,
        Language::French,
        Language::Arabic,
    ];

    /// The BCP 47 tag: `<html lang>`, `Intl`'s locale and the API's name for it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
            Language::BrazilianPortuguese => "pt-BR",
            Language::French => "fr",
            Language::Arabic => "ar",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Spanish => "Español",
            Language::BrazilianPortuguese => "Português (Brasil)",
            Language::French => "Français",
            Language::Arabic => "العربية",
        }
    }

    pub fn right_to_left(self) -> bool {
        self == Language::Arabic
    }

    /// The language a tag asks for, by its primary subtag: `es-MX` is Spanish, and `pt-PT` is
    /// served the Brazilian Portuguese there is.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Language::ALL
            .into_iter()
            .find(|language| language.tag().split('-').next() == Some(primary.as_str()))
    }

    /// The first of a browser's preferred languages (`navigator.languages`) the dashboard speaks;
    /// English when it speaks none of them.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Language {
        tags.into_iter()
            .find_map(Language::from_tag)
            .unwrap_or(Language::English)
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn a_tag_is_read_by_its_primary_subtag() {
        assert_eq!(Language::from_tag("es-MX"), Some(Language::Spanish));
        assert_eq!(
            Language::from_tag("pt-PT"),
            Some(Language::BrazilianPortuguese)
        );
        assert_eq!(Language::from_tag("AR"), Some(Language::Arabic));
        assert_eq!(Language::from_tag("fr_CA"), Some(Language::French));
        assert_eq!(Language::from_tag("de"), None);
        assert_eq!(Language::from_tag(""), None);
    }

    #[test]
    fn the_first_spoken_preference_wins() {
        assert_eq!(Language::preferred(["de-DE", "fr", "es"]), Language::French);
        assert_eq!(Language::preferred(["de", "ja"]), Language::English);
        assert_eq!(Language::preferred([]), Language::English);
    }

    #[test]
    fn tags_round_trip_on_the_wire() {
        for language in Language::ALL {
            let wire = serde_json::to_string(&language).unwrap();
            assert_eq!(wire, format!("\"{}\"", language.tag()));
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
    }
}
