//! Every sentence the dashboard shows, in each language it speaks. A catalog is a `Messages` value,
//! so a language that misses a key does not compile. Sentences name their parts (`{name}`), so a
//! language puts them in its own order; `tests` checks each keeps English's placeholders.
//!
//! The browser build links English only; the server serves the other catalogs as JSON
//! (`GET /api/v1/languages/{tag}`): the texts in key order with a fingerprint of the keys, so the
//! browser carries no key names and reads a catalog back with `Messages::read` in one move.

use switchboard_core::Language;
use switchboard_core::api::Role;

/// Defines a catalog struct (`Messages`, `Problems`) with one `&'static str` field per key, and the
/// means to list and rebuild it.
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident { $($key:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[repr(C)]
        pub struct $name {
            $(pub $key: &'static str,)*
        }

        impl $name {
            /// Every key, in the order of the struct.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key)),*];

            /// The keys' names hashed in order: texts sent for another build's keys are refused.
            pub const FINGERPRINT: u32 = $crate::fingerprint(Self::KEYS);

            /// The text for `key`, when there is such a key.
            pub fn get(&self, key: &str) -> Option<&'static str> {
                match key {
                    $(stringify!($key) => Some(self.$key),)*
                    _ => None,
                }
            }

            /// Every text in the order of `KEYS`, as the server sends a catalog.
            pub fn texts(&self) -> Vec<&'static str> {
                vec![$(self.$key),*]
            }
        }
    };
}

/// 32-bit FNV-1a over the keys, each followed by a zero byte.
const fn fingerprint(keys: &[&str]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut k = 0;
    while k < keys.len() {
        let bytes = keys[k].as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            let byte = if i < bytes.len() { bytes[i] } else { 0 };
            hash = (hash ^ byte as u32).wrapping_mul(0x0100_0193);
            i += 1;
        }
        k += 1;
    }
    hash
}

/// The number of keys; a catalog read from the server must have one text for each.
const COUNT: usize = Messages::KEYS.len();

impl Messages {
    /// A catalog read back from the texts of the server's `LanguageCatalog` and their keys'
    /// fingerprint: `None` when they were made for other keys. Read once per language and kept, so
    /// its text lives as long as the page.
    pub fn read(keys: u32, texts: Vec<String>) -> Option<&'static Messages> {
        if keys != Self::FINGERPRINT {
            return None;
        }
        let texts: Vec<&'static str> = texts.into_iter().map(|text| &*String::leak(text)).collect();
        let texts: Box<[&'static str; COUNT]> = texts.into_boxed_slice().try_into().ok()?;
        const _: () = assert!(
            size_of::<Messages>() == size_of::<[&'static str; COUNT]>()
                && align_of::<Messages>() == align_of::<[&'static str; COUNT]>()
        );
        // SAFETY: `Messages` is `repr(C)` with exactly `COUNT` fields, each a `&'static str`, so it
        // has the size, alignment and field order of `[&'static str; COUNT]` (asserted above).
        let messages = unsafe { Box::from_raw(Box::into_raw(texts).cast::<Messages>()) };
        Some(Box::leak(messages))
    }
}

mod ar;
mod en;
mod es;
mod fr;
mod keys;
mod problems;
mod pt_br;
#[cfg(test)]
mod tests;

pub use ar::AR;
pub use en::EN;
pub use es::ES;
pub use fr::FR;
pub use keys::Messages;
pub use problems::Problems;
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
    words(language).0
}

/// The server's refusals in `language`.
pub fn problems(language: Language) -> &'static Problems {
    words(language).1
}

/// The dashboard's words and the server's refusals in `language`.
fn words(language: Language) -> (&'static Messages, &'static Problems) {
    match language {
        Language::English => (&EN, &problems::EN),
        Language::Spanish => (&ES, &problems::ES),
        Language::BrazilianPortuguese => (&PT_BR, &problems::PT_BR),
        Language::French => (&FR, &problems::FR),
        Language::Arabic => (&AR, &problems::AR),
    }
}
