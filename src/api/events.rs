//! The server's events (`/api/v1/events`) through the browser's `EventSource`, which reconnects by
//! itself when the stream drops.

use switchboard_core::api::Event;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// An open event stream, closed when dropped.
pub struct EventFeed {
    source: web_sys::EventSource,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// Calls `on_event` with each event the server sends until the feed is dropped; `None` when the
/// browser opens no stream (the caller then reads at its own pace).
pub fn follow_events(mut on_event: impl FnMut(Event) + 'static) -> Option<EventFeed> {
    let source = web_sys::EventSource::new("/api/v1/events").ok()?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            let event = message
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str(&text).ok());
            if let Some(event) = event {
                on_event(event);
            }
        });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(EventFeed {
        source,
        _on_message: on_message,
    })
}

impl Drop for EventFeed {
    fn drop(&mut self) {
        self.source.set_onmessage(None);
        self.source.close();
    }
}
