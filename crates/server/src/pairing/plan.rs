//! Choosing the business number for each side of a pairing: pure rules, no I/O.
//!
//! A person (address) may hold a given business number (proxy) in only one open conversation, so a
//! side's proxy must be one this person does not already hold elsewhere.

use switchboard_core::api::{NumberPool, PairConflict, PairingSide, SideCheck};
use switchboard_core::{Address, Channel, country};

use crate::error::{Sentence, said};

/// An open (not closed) conversation in which a person already holds a business number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub proxy: String,
    pub conversation_sid: String,
    pub friendly_name: Option<String>,
    pub state: Option<String>,
}

/// The side's address as Twilio stores it, or the sentence that says what is wrong with the number.
pub fn side_address(side: &PairingSide) -> Result<Address, Sentence> {
    // A typed `whatsapp:` on an SMS side contradicts the channel: ask rather than guess.
    if side.channel == Channel::Sms && side.number.trim().starts_with("whatsapp:") {
        return Err(said!(number_whatsapp_on_sms));
    }
    Address::on(&side.number, side.channel).map_err(|e| Sentence::of(e.said()))
}

/// Checks one side: its address, the proxy it will use (given, or chosen: the first free one of
/// the pool in the person's own country, else the first free one; the pool comes least used first)
/// and whether that pair is already held.
pub fn check_side(side: &PairingSide, pool: &NumberPool, holdings: &[Holding]) -> SideCheck {
    let address = match side_address(side) {
        Ok(address) => address,
        Err(problem) => {
            return SideCheck {
                address: None,
                problem: Some(problem.to_string()),
                said: Some(problem.said()),
                proxy: None,
                conflict: None,
            };
        }
    };
    let candidates = match side.channel {
        Channel::Sms => &pool.sms,
        Channel::Whatsapp => &pool.whatsapp,
    };
    let held = |proxy: &str| holdings.iter().find(|h| h.proxy == proxy);
    let usable = |proxy: &&String| held(proxy).is_none() && **proxy != address.to_string();
    let own_country = country::calling_code(address.e164());
    let in_own_country = |proxy: &&String| {
        country::calling_code(proxy.trim_start_matches("whatsapp:")) == own_country
    };
    let free_proxy = candidates
        .iter()
        .filter(usable)
        .find(in_own_country)
        .or_else(|| candidates.iter().find(usable))
        .cloned();
    let proxy = match side
        .proxy
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(given) => match Address::on(given, side.channel) {
            Ok(proxy) => proxy.to_string(),
            Err(_) => return problem(address, said!(proxy_not_a_number, proxy = given)),
        },
        None => match &free_proxy {
            Some(proxy) => proxy.clone(),
            None if candidates.is_empty() => {
                let channel = channel_name(side.channel);
                return problem(address, said!(no_proxies, channel = channel));
            }
            None => {
                let holding = candidates
                    .iter()
                    .find_map(|p| held(p))
                    .expect("every candidate is held");
                return SideCheck {
                    address: Some(address.to_string()),
                    problem: None,
                    said: None,
                    proxy: Some(holding.proxy.clone()),
                    conflict: Some(conflict(holding, None)),
                };
            }
        },
    };
    if proxy == address.to_string() {
        return problem(address, said!(own_number));
    }
    if !candidates.is_empty() && !candidates.contains(&proxy) {
        let sentence = said!(
            proxy_not_ours,
            proxy = &proxy,
            channel = channel_name(side.channel),
            numbers = candidates.join(", ")
        );
        return problem(address, sentence);
    }
    SideCheck {
        address: Some(address.to_string()),
        problem: None,
        said: None,
        conflict: held(&proxy).map(|h| conflict(h, free_proxy.clone())),
        proxy: Some(proxy),
    }
}

/// Both sides checked together: a pairing of a person with themselves through one number is refused too.
pub fn check_pairing(sides: [(&PairingSide, &[Holding]); 2], pool: &NumberPool) -> [SideCheck; 2] {
    let mut checks = sides.map(|(side, holdings)| check_side(side, pool, holdings));
    let same_pair = checks[0].address.is_some()
        && checks[0].address == checks[1].address
        && checks[0].proxy == checks[1].proxy;
    if same_pair {
        let sentence = said!(same_person);
        checks[1].problem = Some(sentence.to_string());
        checks[1].said = Some(sentence.said());
    }
    checks
}

pub fn is_ready(checks: &[SideCheck; 2]) -> bool {
    checks
        .iter()
        .all(|c| c.problem.is_none() && c.conflict.is_none() && c.proxy.is_some())
}

/// The sentence that explains why a checked pairing cannot be made.
pub fn refusal(checks: &[SideCheck; 2], sides: &[PairingSide; 2]) -> Option<Sentence> {
    checks.iter().zip(sides).find_map(|(check, side)| {
        let who = side.name.clone().unwrap_or_else(|| side.number.clone());
        if let Some(problem) = &check.said {
            let problem = Sentence::of(problem.clone());
            return Some(said!(pairing_side, who = who).within("problem", problem));
        }
        let conflict = check.conflict.as_ref()?;
        let name = conflict
            .friendly_name
            .as_deref()
            .unwrap_or(&conflict.conversation_sid);
        let proxy = check.proxy.as_deref().unwrap_or_default();
        Some(match &conflict.free_proxy {
            Some(free) => said!(
                pair_held_use_free,
                who = who,
                proxy = proxy,
                name = name,
                free = free
            ),
            None => said!(pair_held, who = who, proxy = proxy, name = name),
        })
    })
}

fn problem(address: Address, problem: Sentence) -> SideCheck {
    SideCheck {
        address: Some(address.to_string()),
        problem: Some(problem.to_string()),
        said: Some(problem.said()),
        proxy: None,
        conflict: None,
    }
}

pub(crate) fn conflict(holding: &Holding, free_proxy: Option<String>) -> PairConflict {
    PairConflict {
        conversation_sid: holding.conversation_sid.clone(),
        friendly_name: holding.friendly_name.clone(),
        state: holding.state.clone(),
        free_proxy,
    }
}

/// A channel as a refusal names it.
pub fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "SMS",
        Channel::Whatsapp => "WhatsApp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool() -> NumberPool {
        NumberPool {
            sms: vec!["+15550000001".into(), "+15550000002".into()],
            whatsapp: vec!["whatsapp:+15550001000".into()],
        }
    }

    fn side(channel: Channel, number: &str, proxy: Option<&str>) -> PairingSide {
        PairingSide {
            name: Some("Alicia".into()),
            channel,
            number: number.into(),
            proxy: proxy.map(Into::into),
            language: None,
        }
    }

    fn holding(proxy: &str) -> Holding {
        Holding {
            proxy: proxy.into(),
            conversation_sid: "CH1".into(),
            friendly_name: Some("Order 8812".into()),
            state: Some("active".into()),
        }
    }

    #[test]
    fn an_empty_proxy_gets_the_first_pool_number_the_person_does_not_hold() {
        let check = check_side(
            &side(Channel::Sms, "+1 555 010 0001", None),
            &pool(),
            &[holding("+15550000001")],
        );
        assert_eq!(check.address.as_deref(), Some("+15550100001"));
        assert_eq!(check.proxy.as_deref(), Some("+15550000002"));
        assert_eq!(check.conflict, None);
    }

    #[test]
    fn the_choice_prefers_a_free_number_of_the_persons_own_country() {
        let mut pool = pool();
        pool.sms.push("+447700900001".into());
        let briton = side(Channel::Sms, "+44 7700 900123", None);
        let check = check_side(&briton, &pool, &[]);
        assert_eq!(check.proxy.as_deref(), Some("+447700900001"));
        let held = check_side(&briton, &pool, &[holding("+447700900001")]);
        assert_eq!(held.proxy.as_deref(), Some("+15550000001"));
    }

    #[test]
    fn a_given_proxy_already_held_is_a_conflict_naming_the_conversation_and_a_way_out() {
        let sides = [
            side(Channel::Sms, "+15550100001", Some("+15550000001")),
            side(Channel::Whatsapp, "+34600000001", None),
        ];
        let holdings = [holding("+15550000001")];
        let checks = check_pairing([(&sides[0], &holdings[..]), (&sides[1], &[][..])], &pool());
        let conflict = checks[0].conflict.clone().unwrap();
        assert_eq!(conflict.conversation_sid, "CH1");
        assert_eq!(conflict.free_proxy.as_deref(), Some("+15550000002"));
        assert!(!is_ready(&checks));
        let refused = refusal(&checks, &sides).unwrap();
        assert_eq!(refused.said().key, "pair_held_use_free");
        assert_eq!(
            refused.to_string(),
            "Alicia already talks through +15550000001 in the open conversation 'Order 8812': \
             use the free number +15550000002 instead, or close that conversation."
        );
    }

    #[test]
    fn whatsapp_sides_get_whatsapp_proxies_and_two_people_may_share_one_business_number() {
        let robert = side(Channel::Whatsapp, "+34600000001", None);
        let chen = side(Channel::Whatsapp, "+34600000002", None);
        let checks = check_pairing([(&robert, &[][..]), (&chen, &[][..])], &pool());
        assert_eq!(checks[0].address.as_deref(), Some("whatsapp:+34600000001"));
        assert_eq!(checks[0].proxy.as_deref(), Some("whatsapp:+15550001000"));
        assert_eq!(checks[1].proxy.as_deref(), Some("whatsapp:+15550001000"));
        assert!(is_ready(&checks));
    }

    #[test]
    fn when_every_pool_number_is_held_the_conflict_is_shown_without_a_free_number() {
        let check = check_side(
            &side(Channel::Whatsapp, "+34600000001", None),
            &pool(),
            &[holding("whatsapp:+15550001000")],
        );
        assert_eq!(check.conflict.unwrap().free_proxy, None);
    }

    #[test]
    fn bad_numbers_and_self_pairs_are_explained() {
        let bad = check_side(&side(Channel::Sms, "555 0100", None), &pool(), &[]);
        assert_eq!(
            bad.problem.as_deref(),
            Some("Start the number with + and the country code, e.g. +34 600 000 001.")
        );
        let own = check_side(
            &side(Channel::Sms, "+15550000001", Some("+15550000001")),
            &pool(),
            &[],
        );
        assert_eq!(
            own.problem.as_deref(),
            Some("The business number cannot be the person's own number.")
        );
        let same = side(Channel::Sms, "+15550100001", Some("+15550000001"));
        let checks = check_pairing([(&same, &[][..]), (&same, &[][..])], &pool());
        assert!(checks[1].problem.is_some());
        let empty = NumberPool {
            sms: vec![],
            whatsapp: vec![],
        };
        let none = check_side(&side(Channel::Whatsapp, "+34600000001", None), &empty, &[]);
        assert_eq!(
            none.problem.as_deref(),
            Some("No business WhatsApp number is configured.")
        );
    }
}
