//! Reads `GET /api/v1/events` as a browser's `EventSource` would: Server-Sent Events whose `data`
//! is an `Event` in JSON, keep-alive comments skipped.

use std::time::Duration;

use switchboard_core::api::Event;

use super::Client;

/// An open event stream.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
    /// The `id` of the last event read, as `EventSource` keeps it for `Last-Event-ID`.
    pub last_id: Option<i64>,
}

/// What waiting for the next event found.
#[derive(Debug, PartialEq)]
pub enum Next {
    Event(Event),
    /// The server ended the stream.
    Ended,
    /// Nothing came within the time given.
    Quiet,
}

impl EventStream {
    /// Opens the stream as `client`; the server has subscribed it once this returns.
    pub async fn open(client: &Client) -> EventStream {
        Self::opened(client.get("/api/v1/events").await)
    }

    /// Reopens the stream as `EventSource` does after a drop: with `Last-Event-ID`.
    pub async fn resume(client: &Client, last_id: i64) -> EventStream {
        let response = client
            .http
            .get(client.url("/api/v1/events"))
            .header("Last-Event-ID", last_id.to_string())
            .send()
            .await
            .expect("server answers");
        Self::opened(response)
    }

    fn opened(response: reqwest::Response) -> EventStream {
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        EventStream {
            response,
            buffer: String::new(),
            last_id: None,
        }
    }

    pub async fn next(&mut self, within: Duration) -> Next {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(event) = self.buffered() {
                return Next::Event(event);
            }
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return Next::Quiet,
                Ok(Ok(Some(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(Ok(None) | Err(_)) => return Next::Ended,
            }
        }
    }

    /// Reads past events already sent until the server ends the stream; panics on silence.
    pub async fn ended(&mut self, within: Duration) -> Vec<Event> {
        let deadline = tokio::time::Instant::now() + within;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Next::Event(event) => seen.push(event),
                Next::Ended => return seen,
                Next::Quiet => panic!("the stream did not end within {within:?} after {seen:?}"),
            }
        }
    }

    /// True when the stream is still open after `within`, whatever events it told meanwhile.
    pub async fn stays_open(&mut self, within: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Next::Event(_) => continue,
                Next::Ended => return false,
                Next::Quiet => return true,
            }
        }
    }

    /// Every event until one for which `last` holds (included); panics on an end or silence.
    pub async fn until(&mut self, within: Duration, last: impl Fn(&Event) -> bool) -> Vec<Event> {
        let mut seen = Vec::new();
        loop {
            match self.next(within).await {
                Next::Event(event) => {
                    let done = last(&event);
                    seen.push(event);
                    if done {
                        return seen;
                    }
                }
                other => panic!("{other:?} after {seen:?}"),
            }
        }
    }

    /// The next whole event in the buffer, dropping comments (keep-alives); notes its `id`.
    fn buffered(&mut self) -> Option<Event> {
        while let Some(end) = self.buffer.find("\n\n") {
            let block: String = self.buffer.drain(..end + 2).collect();
            if let Some(id) = block.lines().find_map(|line| line.strip_prefix("id:")) {
                self.last_id = Some(id.trim().parse().expect("a numeric event id"));
            }
            let data: Vec<&str> = block
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(str::trim_start)
                .collect();
            if !data.is_empty() {
                let json = data.join("\n");
                return Some(serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}")));
            }
        }
        None
    }
}
