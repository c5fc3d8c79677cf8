//! One file per Twilio resource, each an `impl Client` block of typed calls.

mod content;
mod conversations;
mod event_config;
mod messages;
mod numbers;
mod participants;
mod webhooks;

pub use conversations::{ConversationParams, ConversationQuery};
pub use event_config::EventConfigurationUpdate;
pub use messages::{MessageOrder, NewMessage};
pub use participants::NewParticipant;
pub use webhooks::WebhookParams;

use crate::wire::{ListBody, Page};
use crate::{Client, Error};

impl Client {
    /// One page of a list; `url` is the first page's URL or a `next_page_url`.
    pub(crate) async fn page<L: ListBody>(&self, url: &str) -> Result<Page<L::Item>, Error> {
        Ok(self.get::<L>(url).await?.into_page())
    }

    /// Up to `limit` items, following `next_page_url` from `first_url`.
    pub(crate) async fn collect<L: ListBody>(
        &self,
        first_url: String,
        limit: usize,
    ) -> Result<Vec<L::Item>, Error> {
        let mut items = Vec::new();
        let mut url = first_url;
        loop {
            let page = self.page::<L>(&url).await?;
            items.extend(page.items);
            match page.next_page_url {
                Some(next) if items.len() < limit => url = next,
                _ => break,
            }
        }
        items.truncate(limit);
        Ok(items)
    }
}

/// `base` + `path` with `params` percent-encoded into the query.
pub(crate) fn url_with(base: &str, path: &str, params: &[(&str, &str)]) -> String {
    let url = format!("{base}{path}");
    match reqwest::Url::parse_with_params(&url, params) {
        Ok(url) => url.into(),
        Err(_) => url,
    }
}

/// A SID or unique name made safe as one path segment.
pub(crate) fn segment(text: &str) -> String {
    let mut url = reqwest::Url::parse("http://x/").expect("a valid base");
    url.path_segments_mut().expect("a base URL").push(text);
    url.path()[1..].to_owned()
}
