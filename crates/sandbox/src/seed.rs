//! The demo account an operator finds on first start: the account's numbers, the templates of
//! Twilio's WhatsApp guide, and the conversations of Switchboard's own stories.

use time::Duration;

use crate::store::conversations::NewConversation;
use crate::store::{Approval, Channel, ConversationState, NewMessage, NewParticipant, Store};

pub const SMS_NUMBERS: [&str; 2] = ["+15550109001", "+15550109002"];
pub const WHATSAPP_NUMBERS: [&str; 2] = ["whatsapp:+15550108001", "whatsapp:+15550108002"];

/// The first template of the guide: to the customer, authored by the rider.
pub const RIDER_HELP: &str = "Hello {{1}}, your food delivery is almost there but {{2}} (your rider) needs help finding your door. Are you willing to chat with them?";
/// The second: to the rider, once the customer agreed.
/// The rider's request for help in Spanish, for a customer whose language is known to be Spanish.
pub const RIDER_HELP_ES: &str = "Hola {{1}}, tu pedido está casi ahí, pero {{2}} (tu repartidor) necesita ayuda para encontrar tu puerta. ¿Quieres hablar con él por aquí?";
pub const CONNECTED: &str = "Your customer has agreed to chat over WhatsApp to get this delivery sorted. You're now connected. Say hello!";

struct Side {
    address: &'static str,
    proxy: &'static str,
}

struct Demo {
    name: &'static str,
    attributes: &'static str,
    state: ConversationState,
    hours_ago: i64,
    sides: [Side; 2],
    /// (side that writes, minutes after the start, text)
    messages: &'static [(usize, i64, &'static str)],
}

/// Oldest first, as Twilio lists them.
const DEMO: &[Demo] = &[
    Demo {
        name: "Clinic follow-up — patient 2231",
        attributes: r#"{"patient":"2231"}"#,
        state: ConversationState::Closed,
        hours_ago: 170,
        sides: [
            Side {
                address: "+15550100007",
                proxy: SMS_NUMBERS[0],
            },
            Side {
                address: "whatsapp:+447700900123",
                proxy: WHATSAPP_NUMBERS[0],
            },
        ],
        messages: &[
            (
                1,
                5,
                "Hello, this is Dr. Okafor's office following up on your visit. How are you feeling?",
            ),
            (0, 40, "Much better, thank you. The new dose works."),
            (
                1,
                45,
                "Glad to hear it. We will close this thread now; write to the clinic number any time.",
            ),
        ],
    },
    Demo {
        name: "Viewing 14 Elm St — Chen ⇄ agent Dana",
        attributes: r#"{"listing":"14-elm"}"#,
        state: ConversationState::Inactive,
        hours_ago: 50,
        sides: [
            Side {
                address: "whatsapp:+61412000555",
                proxy: WHATSAPP_NUMBERS[1],
            },
            Side {
                address: "+15550100003",
                proxy: SMS_NUMBERS[1],
            },
        ],
        messages: &[
            (
                0,
                2,
                "Hi Dana, is the flat on Elm St still available on Saturday?",
            ),
            (1, 20, "It is! 11:00 works for a viewing?"),
            (0, 31, "Perfect, see you there."),
        ],
    },
    Demo {
        name: "Order 8813 — Maria ⇄ Bruno",
        attributes: r#"{"order":"8813"}"#,
        state: ConversationState::Active,
        hours_ago: 26,
        sides: [
            Side {
                address: "whatsapp:+34600000002",
                proxy: WHATSAPP_NUMBERS[0],
            },
            Side {
                address: "whatsapp:+15550100002",
                proxy: WHATSAPP_NUMBERS[0],
            },
        ],
        messages: &[
            (0, 3, "Hi, could you leave the order with the concierge?"),
            (1, 9, "Sure, done. Enjoy your meal!"),
        ],
    },
    Demo {
        name: "Order 8812 — Robert ⇄ Alicia",
        attributes: r#"{"order":"8812"}"#,
        state: ConversationState::Active,
        hours_ago: 3,
        sides: [
            Side {
                address: "whatsapp:+34600000001",
                proxy: WHATSAPP_NUMBERS[0],
            },
            Side {
                address: "+15550100001",
                proxy: SMS_NUMBERS[0],
            },
        ],
        messages: &[
            (
                0,
                8,
                "Hi, is my order on its way? The building entrance is a bit hidden.",
            ),
            (
                1,
                10,
                "Hi Robert, I'm outside but can't find the entrance to your building.",
            ),
            (
                0,
                12,
                "It's around the corner, the blue door next to the bakery.",
            ),
            (1, 14, "Found it, coming up!"),
        ],
    },
];

pub fn demo(store: &mut Store) {
    for number in SMS_NUMBERS {
        store.add_number(number, "US");
    }
    for number in WHATSAPP_NUMBERS {
        store.add_number(number, "US");
    }
    let approval = |name: &str, status: &str, reason: &str| {
        Some(Approval {
            name: name.into(),
            category: "UTILITY".into(),
            status: status.into(),
            rejection_reason: reason.into(),
        })
    };
    store.add_content(
        "delivery_rider_needs_help",
        "en",
        RIDER_HELP,
        &[("1", "Robert"), ("2", "Alicia")],
        approval("delivery_rider_needs_help", "approved", ""),
    );
    store.add_content(
        "delivery_rider_needs_help_es",
        "es",
        RIDER_HELP_ES,
        &[("1", "Lucía"), ("2", "Mateo")],
        approval("delivery_rider_needs_help_es", "approved", ""),
    );
    store.add_content(
        "delivery_customer_connected",
        "en",
        CONNECTED,
        &[],
        approval("delivery_customer_connected", "approved", ""),
    );
    store.add_content(
        "appointment_reminder",
        "en",
        "Hi {{1}}, this is a reminder of your appointment with {{2}} on {{3}}. Reply to this message to reschedule.",
        &[("1", "Grace"), ("2", "Dr. Okafor"), ("3", "Monday at 10:00")],
        approval("appointment_reminder", "pending", ""),
    );
    store.add_content(
        "weekend_discount",
        "en",
        "Hi {{1}}! Get 20% off your next order this weekend with code {{2}}.",
        &[("1", "Robert"), ("2", "WEEKEND20")],
        approval(
            "weekend_discount",
            "rejected",
            "A promotional message does not fit the UTILITY category.",
        ),
    );
    let now = store.now();
    for demo in DEMO {
        let started = now - Duration::hours(demo.hours_ago);
        let conversation = store
            .create_conversation(NewConversation {
                friendly_name: Some(demo.name.to_owned()),
                attributes: Some(demo.attributes.to_owned()),
                date_created: Some(started),
                ..NewConversation::default()
            })
            .expect("demo names are unique");
        for side in &demo.sides {
            let new = NewParticipant {
                address: Some(side.address.to_owned()),
                proxy_address: Some(side.proxy.to_owned()),
                ..NewParticipant::default()
            };
            store
                .add_participant(&conversation.sid, new, "API")
                .expect("demo pairs are free");
        }
        for (side, minutes, text) in demo.messages {
            let at = started + Duration::minutes(*minutes);
            let side = &demo.sides[*side];
            store.open_window(side.address, side.proxy, at);
            let new = NewMessage {
                author: Some(side.address.to_owned()),
                body: Some((*text).to_owned()),
                date_created: Some(at),
                ..NewMessage::default()
            };
            store
                .add_message(&conversation.sid, new, Channel::of(side.address).source())
                .expect("demo messages are valid");
        }
        store.set_demo_state(&conversation.sid, demo.state);
    }
}
