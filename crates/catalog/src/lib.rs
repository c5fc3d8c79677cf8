//! Every sentence the dashboard shows, in each language it speaks. A catalog is a `Messages` value,
//! so a language that misses a key does not compile. Sentences name their parts (`{name}`), so a
//! language puts them in its own order; `tests` checks each keeps English's placeholders.
//!
//! The browser build links English only; the server serves the other catalogs as JSON
//! (`GET /api/v1/languages/{tag}`), which the browser reads back with `Messages::read`.

use switchboard_core::Language;
use switchboard_core::api::Role;

/// Defines `Messages` with one `&'static str` field per key, and the means to list and rebuild it.
macro_rules! messages {
    ($($key:ident),* $(,)?) => {
        /// One language's words, by key.
        #[derive(Debug)]
        pub struct Messages {
            $(pub $key: &'static str,)*
        }

        impl Messages {
            /// Every key, in the order of the struct.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key)),*];

            /// The text for `key`, when there is such a key.
            pub fn get(&self, key: &str) -> Option<&'static str> {
                match key {
                    $(stringify!($key) => Some(self.$key),)*
                    _ => None,
                }
            }

            /// A catalog read from `text`, which gives each key's text; the first key it has no text
            /// for is the error. Read once per language and kept, so its text lives as long as the page.
            pub fn read(
                mut text: impl FnMut(&'static str) -> Option<String>,
            ) -> Result<&'static Messages, &'static str> {
                let messages = Messages {
                    $($key: text(stringify!($key))
                        .map(|text| &*String::leak(text))
                        .ok_or(stringify!($key))?,)*
                };
                Ok(Box::leak(Box::new(messages)))
            }
        }
    };
}

mod ar;
mod en;
mod es;
mod fr;
mod keys;
mod pt_br;
#[cfg(test)]
mod tests;

pub use ar::AR;
pub use en::EN;
pub use es::ES;
pub use fr::FR;
pub use keys::Messages;
pub use pt_br::PT_BR;
impl Messages {
    pub fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Viewer => self.role_viewer,
            Role::Operator => self.role_operator,
            Role::Admin => self.role_admin,
        }
    }
}

/// The catalog of `language`. For the server and tests: the browser links only English.
pub fn catalog(language: Language) -> &'static Messages {
    match language {
        Language::English => &EN,
        Language::Spanish => &ES,
        Language::BrazilianPortuguese => &PT_BR,
        Language::French => &FR,
        Language::Arabic => &AR,
    }
}
