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
            /// The texts are gathered in the order of the keys and moved into place whole, which keeps
            /// this small in the browser's code.
            pub fn read(
                mut text: impl FnMut(&'static str) -> Option<String>,
            ) -> Result<&'static Messages, &'static str> {
                let mut texts: Vec<&'static str> = Vec::with_capacity(Self::KEYS.len());
                for key in Self::KEYS {
                    texts.push(String::leak(text(key).ok_or(*key)?));
                }
                let Ok([$($key),*]) = <[&'static str; Self::KEYS.len()]>::try_from(texts) else {
                    unreachable!("one text per key");
                };
                Ok(Box::leak(Box::new(Messages { $($key),* })))
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

impl Messages {
    /// Why Twilio did not deliver a message, by its error code; `None` for a code this catalog has
    /// no words for (then `reason_other` names the code).
    pub fn delivery_failure(&self, code: i64) -> Option<&'static str> {
        Some(match code {
            63016 => self.reason_window,
            63013 => self.reason_template_value,
            63021 => self.reason_template_long,
            63028 => self.reason_template_mismatch,
            30003 | 30005 => self.reason_unreachable,
            30007 => self.reason_filtered,
            _ => return None,
        })
    }

    /// What an audit entry's action did (`pairing.create`), in words; `None` for an action this
    /// catalog has no words for yet.
    pub fn audit_words(&self, action: &str) -> Option<&'static str> {
        Some(match action {
            "account_events.connect" => self.audit_account_events_connect,
            "bulk_end.start" => self.audit_bulk_end_start,
            "conversation.close" => self.audit_conversation_close,
            "conversation.delete" => self.audit_conversation_delete,
            "conversation.extend" => self.audit_conversation_extend,
            "import.start" => self.audit_import_start,
            "message.send" => self.audit_message_send,
            "mirror.reconcile" => self.audit_mirror_reconcile,
            "mirror.walk" => self.audit_mirror_walk,
            "opt_in.connect" => self.audit_opt_in_connect,
            "opt_in.start" => self.audit_opt_in_start,
            "pairing.create" => self.audit_pairing_create,
            "participant.reassign" => self.audit_participant_reassign,
            "sandbox.clock_advance" => self.audit_sandbox_clock_advance,
            "sandbox.fault_create" => self.audit_sandbox_fault_create,
            "sandbox.fault_delete" => self.audit_sandbox_fault_delete,
            "sandbox.faults_clear" => self.audit_sandbox_faults_clear,
            "sandbox.number_add" => self.audit_sandbox_number_add,
            "sandbox.phone_message" => self.audit_sandbox_phone_message,
            "session.create" => self.audit_session_create,
            "session.delete" => self.audit_session_delete,
            "session.password" => self.audit_session_password,
            "session.language" => self.audit_session_language,
            "settings.update" => self.audit_settings_update,
            "setup.create" => self.audit_setup_create,
            "user.create" => self.audit_user_create,
            "user.update" => self.audit_user_update,
            "webhook.create" => self.audit_webhook_create,
            "webhook.delete" => self.audit_webhook_delete,
            "webhook.update" => self.audit_webhook_update,
            _ => return None,
        })
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
