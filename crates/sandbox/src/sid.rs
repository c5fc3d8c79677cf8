//! New SIDs in Twilio's shape.

use rand::Rng;

/// A fresh SID: `prefix` and 32 lowercase hexadecimal digits, as Twilio makes them.
pub fn new_sid(prefix: &str) -> String {
    let bytes: [u8; 16] = rand::rng().random();
    let mut sid = String::with_capacity(34);
    sid.push_str(prefix);
    for byte in bytes {
        sid.push_str(&format!("{byte:02x}"));
    }
    sid
}
