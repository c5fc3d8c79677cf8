//! Pages kept current by the server's events: a count that goes up shortly after an event the page
//! cares about, which the page's resources track and so read again.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use switchboard_core::api::Event;

use crate::api;

/// Goes up `gap` after the first event `wanted` accepts (or a `Missed`, after which everything is
/// read again); the events arriving meanwhile are answered by the same read, so a burst of events
/// costs one read and a lone event is shown within `gap`. Listens until the calling view goes.
pub fn refresh_on(wanted: impl Fn(&Event) -> bool + 'static, gap: Duration) -> Signal<u32> {
    let count = RwSignal::new(0u32);
    let waiting = Rc::new(Cell::new(false));
    let subscription = api::subscribe(move |event| {
        if waiting.get() || !(matches!(event, Event::Missed { .. }) || wanted(event)) {
            return;
        }
        waiting.set(true);
        let waiting = waiting.clone();
        set_timeout(
            move || {
                waiting.set(false);
                count.try_update(|n| *n = n.wrapping_add(1));
            },
            gap,
        );
    });
    let subscription = SendWrapper::new(subscription);
    on_cleanup(move || drop(subscription));
    count.into()
}

/// Whether `event` tells of something shown in a conversation list row.
pub fn changes_a_row(event: &Event) -> bool {
    matches!(
        event,
        Event::ConversationChanged { .. }
            | Event::ConversationRemoved { .. }
            | Event::MessageAdded { .. }
            | Event::DeliveryUpdated { .. }
    )
}

/// Whether `event` may change what needs attention.
pub fn changes_attention(event: &Event) -> bool {
    matches!(
        event,
        Event::DeliveryUpdated { .. }
            | Event::MessageAdded { .. }
            | Event::ConversationChanged { .. }
            | Event::OptIn { .. }
            | Event::ConversationRemoved { .. }
    )
}
