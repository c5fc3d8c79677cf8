//! The server's events (`/api/v1/events`) through the browser's `EventSource`, which reconnects by
//! itself (with `Last-Event-ID`) when the stream drops. `follow_events` opens a stream of its own;
//! `subscribe` shares one stream among every part of the page that listens, so the header and the
//! page never hold two of the browser's few connections per server.

use std::cell::RefCell;
use std::rc::Rc;

use switchboard_core::api::Event;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// An open event stream, closed when dropped.
pub struct EventFeed {
    source: web_sys::EventSource,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_open: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

/// Calls `on_event` with each event the server sends until the feed is dropped; `None` when the
/// browser opens no stream (the caller then reads at its own pace).
pub fn follow_events(on_event: impl FnMut(Event) + 'static) -> Option<EventFeed> {
    open_feed(on_event, None)
}

fn open_feed(
    mut on_event: impl FnMut(Event) + 'static,
    on_reopen: Option<Box<dyn FnMut()>>,
) -> Option<EventFeed> {
    let source = web_sys::EventSource::new("/api/v1/events").ok()?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            let event = message
                .data()
                .as_string()
                .and_then(|text| super::decode(&text));
            if let Some(event) = event {
                on_event(event);
            }
        });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The first `open` is the stream starting; any later one is a reconnection, after which the
    // page reads again whatever it shows, in case the server could not replay what was missed.
    let on_open = on_reopen.map(|mut on_reopen| {
        let mut opened_before = false;
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if opened_before {
                on_reopen();
            }
            opened_before = true;
        })
    });
    if let Some(on_open) = &on_open {
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    }
    Some(EventFeed {
        source,
        _on_message: on_message,
        _on_open: on_open,
    })
}

impl Drop for EventFeed {
    fn drop(&mut self) {
        self.source.set_onmessage(None);
        self.source.set_onopen(None);
        self.source.close();
    }
}

type Listener = Rc<RefCell<dyn FnMut(&Event)>>;

#[derive(Default)]
struct Hub {
    next_id: u64,
    listeners: Vec<(u64, Listener)>,
    feed: Option<EventFeed>,
}

thread_local! {
    static HUB: RefCell<Hub> = RefCell::new(Hub::default());
}

/// A listener of the shared stream; it stops listening when dropped, and the stream closes once
/// nobody listens.
pub struct Subscription {
    id: u64,
}

/// Calls `on_event` with each event of the shared stream, opening it if needed, until the
/// returned subscription is dropped.
pub fn subscribe(on_event: impl FnMut(&Event) + 'static) -> Subscription {
    HUB.with(|hub| {
        let mut hub = hub.borrow_mut();
        hub.next_id += 1;
        let id = hub.next_id;
        hub.listeners.push((id, Rc::new(RefCell::new(on_event))));
        let closed = hub
            .feed
            .as_ref()
            .is_none_or(|feed| feed.source.ready_state() == web_sys::EventSource::CLOSED);
        if closed {
            hub.feed = open_feed(
                |event| tell(&event),
                Some(Box::new(|| tell(&Event::Missed { count: 0 }))),
            );
        }
        Subscription { id }
    })
}

/// Closes the shared stream (before signing out, so it is not refused on its way back); the next
/// subscription opens it again.
pub fn stop_events() {
    let feed = HUB.with(|hub| hub.borrow_mut().feed.take());
    drop(feed);
}

/// Tells every listener; each is called outside the hub's borrow, so it may subscribe or leave.
fn tell(event: &Event) {
    let listeners: Vec<Listener> = HUB.with(|hub| {
        hub.borrow()
            .listeners
            .iter()
            .map(|(_, l)| l.clone())
            .collect()
    });
    for listener in listeners {
        if let Ok(mut listener) = listener.try_borrow_mut() {
            listener(event);
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let feed = HUB.with(|hub| {
            let mut hub = hub.borrow_mut();
            hub.listeners.retain(|(id, _)| *id != self.id);
            if hub.listeners.is_empty() {
                hub.feed.take()
            } else {
                None
            }
        });
        drop(feed);
    }
}
