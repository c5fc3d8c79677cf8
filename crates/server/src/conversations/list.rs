//! The conversations list: one page of Twilio's, newest first, or a search by phone number (any
//! conversation) or by name (among the newest [`SEARCH_LIMIT`]).

use futures_util::future::try_join_all;
use switchboard_core::Address;
use switchboard_core::api::{ConversationPage, ConversationRow, ListSource};
use switchboard_twilio::ConversationQuery;
use switchboard_twilio::wire::Conversation;

use crate::error::{AppError, Sentence, said};
use crate::state::AppState;
use crate::views;

const DEFAULT_PAGE_SIZE: u32 = 25;
/// A text search reads at most this many conversations, newest first (10 pages of Twilio's largest).
const SEARCH_LIMIT: usize = 1_000;
/// Recent messages read per row to judge the WhatsApp window.
const WINDOW_MESSAGES: u32 = 20;

/// The `state` filter: one of Twilio's conversation states.
pub fn parse_state(text: &str) -> Result<&str, AppError> {
    match text {
        "active" | "inactive" | "closed" => Ok(text),
        _ => Err(AppError::invalid(said!(list_state, value = text))),
    }
}

pub fn page_size(asked: Option<u32>) -> Result<u32, AppError> {
    let size = asked.unwrap_or(DEFAULT_PAGE_SIZE);
    if (1..=100).contains(&size) {
        Ok(size)
    } else {
        Err(AppError::invalid(said!(list_page_size)))
    }
}

/// What the operator searches for.
pub enum Search<'a> {
    Phone(Address),
    Text(&'a str),
}

impl<'a> Search<'a> {
    /// A phone number when it looks like one (and then it must be valid), else words to look for.
    pub fn parse(q: &'a str) -> Result<Self, AppError> {
        if !looks_like_phone(q) {
            return Ok(Search::Text(q));
        }
        Address::parse(q).map(Search::Phone).map_err(|e| {
            AppError::invalid(said!(search_number).within("problem", Sentence::of(e.said())))
        })
    }
}

fn looks_like_phone(q: &str) -> bool {
    let q = q.strip_prefix("whatsapp:").unwrap_or(q);
    q.starts_with('+') && q.chars().filter(char::is_ascii_digit).count() >= 7
}

/// The cursor handed to the UI: Twilio's page number and token, never a URL the server would call.
pub struct Cursor {
    page: u32,
    token: String,
}

impl Cursor {
    /// A cursor [`Cursor::to_string`] gave out.
    pub fn parse(cursor: &str) -> Result<Self, AppError> {
        let invalid = || AppError::invalid(said!(list_cursor));
        let (page, token) = cursor.split_once('.').ok_or_else(invalid)?;
        let safe = !token.is_empty()
            && token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        match page.parse::<u32>() {
            Ok(page) if safe => Ok(Cursor {
                page,
                token: token.to_owned(),
            }),
            _ => Err(invalid()),
        }
    }

    fn of_next_page(next_page_url: &str) -> Option<Self> {
        let query = next_page_url.split_once('?')?.1;
        let value = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        };
        Some(Cursor {
            page: value("Page")?.parse().ok()?,
            token: value("PageToken")?.to_owned(),
        })
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.page, self.token)
    }
}

/// One page of Twilio's list, newest first.
pub async fn page(
    state: &AppState,
    state_filter: Option<&str>,
    page_size: u32,
    position: Option<Cursor>,
) -> Result<ConversationPage, AppError> {
    let query = ConversationQuery {
        state: state_filter.map(str::to_owned),
        page_size: Some(page_size),
    };
    let position = position.as_ref().map(|c| (c.page, c.token.as_str()));
    let page = state.twilio.conversations_page(&query, position).await?;
    let next_page = page
        .next_page_url
        .as_deref()
        .and_then(Cursor::of_next_page)
        .map(|c| c.to_string());
    rows(state, page.items, next_page).await
}

/// Every match, on one page.
pub async fn search(
    state: &AppState,
    search: Search<'_>,
    state_filter: Option<&str>,
) -> Result<ConversationPage, AppError> {
    let found = match search {
        Search::Phone(number) => by_phone(state, &number, state_filter).await?,
        Search::Text(text) => by_name(state, text, state_filter).await?,
    };
    rows(state, found, None).await
}

async fn rows(
    state: &AppState,
    conversations: Vec<Conversation>,
    next_page: Option<String>,
) -> Result<ConversationPage, AppError> {
    let rows = try_join_all(conversations.into_iter().map(|c| row(state, c))).await?;
    Ok(ConversationPage {
        conversations: rows,
        next_page,
        source: ListSource::Twilio,
        now: None,
        counts: None,
    })
}

async fn row(state: &AppState, conversation: Conversation) -> Result<ConversationRow, AppError> {
    let participants = super::participants(state, &conversation.sid, WINDOW_MESSAGES).await?;
    Ok(views::conversation_row(conversation, participants))
}

/// Conversations a phone number takes part in, on SMS and on WhatsApp.
async fn by_phone(
    state: &AppState,
    number: &Address,
    state_filter: Option<&str>,
) -> Result<Vec<Conversation>, AppError> {
    let sms = number.e164().to_owned();
    let whatsapp = format!("whatsapp:{sms}");
    let (on_sms, on_whatsapp) = tokio::try_join!(
        state.twilio.participant_conversations(&sms),
        state.twilio.participant_conversations(&whatsapp)
    )?;
    let mut sids: Vec<String> = on_sms
        .into_iter()
        .chain(on_whatsapp)
        .map(|c| c.conversation_sid)
        .collect();
    sids.sort();
    sids.dedup();
    let conversations =
        try_join_all(sids.iter().map(|sid| state.twilio.fetch_conversation(sid))).await?;
    Ok(conversations
        .into_iter()
        .filter(|c| state_filter.is_none_or(|s| c.state == s))
        .collect())
}

/// Conversations among the newest [`SEARCH_LIMIT`] whose name, unique name or reference contains
/// `q`, ignoring case.
async fn by_name(
    state: &AppState,
    q: &str,
    state_filter: Option<&str>,
) -> Result<Vec<Conversation>, AppError> {
    let needle = q.to_lowercase();
    let all = state
        .twilio
        .list_conversations_filtered(state_filter, SEARCH_LIMIT)
        .await?;
    let matches = |text: &Option<String>| {
        text.as_deref()
            .is_some_and(|t| t.to_lowercase().contains(&needle))
    };
    Ok(all
        .into_iter()
        .filter(|c| matches(&c.friendly_name) || matches(&c.unique_name) || matches(&c.attributes))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_keeps_twilios_page_and_token_but_no_url() {
        let url =
            "https://conversations.twilio.com/v1/Conversations?PageSize=25&Page=1&PageToken=PT25";
        let cursor = Cursor::of_next_page(url).map(|c| c.to_string());
        assert_eq!(cursor.as_deref(), Some("1.PT25"));
        assert!(Cursor::of_next_page("https://x/v1/Conversations?PageSize=25").is_none());
        assert_eq!(Cursor::parse("1.PT25").unwrap().to_string(), "1.PT25");
        assert!(Cursor::parse("1.PT25&x=/etc").is_err());
    }

    #[test]
    fn phone_numbers_are_told_from_names() {
        assert!(looks_like_phone("+34 600 000 001"));
        assert!(looks_like_phone("whatsapp:+34600000001"));
        assert!(!looks_like_phone("Order 8812"));
        assert!(!looks_like_phone("+12"));
    }
}
