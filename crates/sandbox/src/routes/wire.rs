//! What a response body is built from: the record, the account that holds it, and the origin the
//! client called (Twilio's resources carry absolute URLs). Each resource's route module adds its
//! wire shape as a method of `Wire`.

use axum::Json;
use axum::http::{HeaderMap, header::HOST};
use serde_json::Value;

use crate::store::Store;
use crate::{SandboxState, TwilioError};

pub struct Wire<'a> {
    pub store: &'a Store,
    origin: String,
}

impl<'a> Wire<'a> {
    pub fn new(store: &'a Store, headers: &HeaderMap) -> Self {
        Wire::at(store, origin(headers))
    }

    pub fn at(store: &'a Store, origin: String) -> Self {
        Wire { store, origin }
    }

    pub fn account_sid(&self) -> &str {
        &self.store.account_sid
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// `http://HOST`: the origin the client called, for the absolute URLs in responses.
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Answers the `GET` of one record: `find` looks it up under the store's lock (the store's 404
/// when it is not there) and `render` gives its wire shape.
pub async fn fetch<T: ?Sized>(
    state: &SandboxState,
    headers: &HeaderMap,
    find: impl for<'s> FnOnce(&'s Store) -> Result<&'s T, TwilioError>,
    render: impl FnOnce(&Wire, &T) -> Value,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let found = find(&store)?;
    Ok(Json(render(&Wire::new(&store, headers), found)))
}
