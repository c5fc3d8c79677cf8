//! Sending a message into a conversation: who it is from, and WhatsApp's rules (free-form text only
//! inside each WhatsApp recipient's 24-hour window, else an approved, correctly filled template).

use switchboard_core::api::{
    MessageContent, MessageView, ParticipantView, SendMessage, WhatsappWindow,
};
use switchboard_core::{ConversationSid, template};
use switchboard_twilio::NewMessage;

use crate::conversations::{self, not_found_as};
use crate::error::{AppError, said};
use crate::state::AppState;
use crate::{templates, views};

/// Twilio's limit for an outbound SMS/WhatsApp body.
const MAX_BODY_CHARS: usize = 1_600;
/// Recent messages read to judge each recipient's WhatsApp window.
const WINDOW_MESSAGES: u32 = 50;

/// Sends `request`, the body as it was parsed. The conversation is read first, so a message to one
/// that does not exist is a 404 whatever its body holds.
pub async fn send(
    state: &AppState,
    sid: &ConversationSid,
    request: Result<SendMessage, AppError>,
    sent_by: &str,
) -> Result<MessageView, AppError> {
    let people = conversations::participants(state, sid.as_str(), WINDOW_MESSAGES)
        .await
        .map_err(|e| not_found_as(e, sid))?;
    let request = request?;
    let author_sid = request.author_participant_sid.as_deref();
    let author = author(&people, author_sid)?;
    let message = match &request.content {
        MessageContent::Text { body } => NewMessage {
            author,
            body: Some(free_form(body, &people, author_sid)?.to_owned()),
            attributes: Some(views::sent_here(sent_by)),
            ..NewMessage::default()
        },
        MessageContent::Template { template } => NewMessage {
            author,
            content_sid: Some(templates::sendable(state, template).await?.sid),
            content_variables: Some(template::content_variables(&template.values)),
            attributes: Some(views::sent_here(sent_by)),
            ..NewMessage::default()
        },
    };
    let sent = state
        .twilio
        .send_message(sid.as_str(), &message)
        .await
        .map_err(|e| not_found_as(e, sid))?;
    crate::mirror::note_changed(state, sid.as_str());
    Ok(views::message(sent, Vec::new()))
}

/// The author as the others see them (their address, else identity, else SID); the business when
/// none is named.
fn author(
    people: &[ParticipantView],
    author_sid: Option<&str>,
) -> Result<Option<String>, AppError> {
    let Some(author_sid) = author_sid else {
        return Ok(None);
    };
    let author = people
        .iter()
        .find(|p| p.sid == author_sid)
        .ok_or_else(|| AppError::invalid(said!(author_not_participant, author = author_sid)))?;
    Ok(Some(
        author
            .address
            .clone()
            .or(author.identity.clone())
            .unwrap_or_else(|| author.sid.clone()),
    ))
}

/// The text to send, trimmed: not empty, not too long, and reaching every recipient, which on
/// WhatsApp means each has written in the last 24 hours.
fn free_form<'a>(
    body: &'a str,
    people: &[ParticipantView],
    author_sid: Option<&str>,
) -> Result<&'a str, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid(said!(message_empty)));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::invalid(said!(
            message_too_long,
            limit = MAX_BODY_CHARS
        )));
    }
    let mut recipients = people.iter().filter(|p| Some(p.sid.as_str()) != author_sid);
    let closed = recipients.find(|p| p.window.as_ref().is_some_and(|w| !w.is_open()));
    if let Some(closed) = closed {
        let who = closed
            .name
            .clone()
            .or(closed.address.clone())
            .unwrap_or_else(|| closed.sid.clone());
        let sentence = match closed.window {
            Some(WhatsappWindow::NotYet) => said!(window_not_yet, person = who),
            _ => said!(window_closed, person = who),
        };
        return Err(AppError::invalid(sentence));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use switchboard_core::Channel;

    use super::*;

    fn person(sid: &str, name: &str, window: Option<WhatsappWindow>) -> ParticipantView {
        ParticipantView {
            sid: sid.into(),
            name: Some(name.into()),
            channel: Some(Channel::Whatsapp),
            address: Some(format!("whatsapp:+3460000000{}", sid.len())),
            proxy_address: None,
            identity: None,
            window,
            language: None,
        }
    }

    #[test]
    fn free_form_text_waits_for_every_recipient_s_window_but_not_the_author_s() {
        let open = Some(WhatsappWindow::Open {
            until: "2030-01-01T00:00:00Z".into(),
        });
        let people = [
            person("MB1", "Lucia", open),
            person("MB2", "Marco", Some(WhatsappWindow::Closed)),
        ];
        assert_eq!(free_form("  Hi  ", &people, Some("MB2")).unwrap(), "Hi");
        let refused = free_form("Hi", &people, Some("MB1")).unwrap_err();
        assert!(
            refused
                .to_string()
                .starts_with("Marco has not written on WhatsApp in the last 24 hours"),
            "{refused}"
        );
    }

    #[test]
    fn empty_and_overlong_text_is_refused() {
        assert_eq!(
            free_form(" \n ", &[], None).unwrap_err().to_string(),
            "Write a message before sending."
        );
        let long = "a".repeat(MAX_BODY_CHARS + 1);
        assert!(free_form(&long, &[], None).is_err());
        assert!(free_form(&long[1..], &[], None).is_ok());
    }

    #[test]
    fn the_author_must_be_a_participant_and_is_shown_by_address() {
        let people = [person("MB1", "Lucia", None)];
        assert_eq!(author(&people, None).unwrap(), None);
        assert_eq!(
            author(&people, Some("MB1")).unwrap().as_deref(),
            Some("whatsapp:+34600000003")
        );
        assert!(author(&people, Some("MB9")).is_err());
    }
}
