//! Pairing two people behind the business's numbers: the conflict check, creation in one upstream
//! call, and re-assigning a side while keeping the conversation's history.

pub mod ending;
pub mod plan;
pub mod unsettled;

use rand::Rng;
use serde_json::json;
use switchboard_core::api::{
    PairingCheck, PairingCreated, PairingRequest, PairingSide, ParticipantView,
    language_tag_problem,
};
use switchboard_core::{ConversationSid, ParticipantSid};
use switchboard_twilio::{ConversationParams, Error as TwilioError, NewParticipant};

use crate::error::{AppError, Sentence, said};
use crate::state::AppState;
use plan::{Holding, check_pairing, is_ready, refusal, side_address};

/// Twilio's codes for "this (address, proxy) pair is already in an open conversation".
const PAIR_IN_USE: [u32; 2] = [50416, 50425];

/// The open conversations in which `address` already holds a business number.
pub(crate) async fn holdings(state: &AppState, address: &str) -> Result<Vec<Holding>, AppError> {
    let conversations = state.twilio.participant_conversations(address).await?;
    Ok(conversations
        .into_iter()
        .filter(|c| c.conversation_state.as_deref() != Some("closed"))
        .filter_map(|c| {
            Some(Holding {
                proxy: c.proxy_address()?.to_owned(),
                conversation_sid: c.conversation_sid,
                friendly_name: c.conversation_friendly_name,
                state: c.conversation_state,
            })
        })
        .collect())
}

/// A participant's attributes: the name the operator gave and the person's language, when known.
fn participant_attributes(side: &PairingSide) -> Option<String> {
    let mut attributes = serde_json::Map::new();
    if let Some(name) = &side.name {
        attributes.insert("name".into(), json!(name));
    }
    if let Some(language) = &side.language {
        attributes.insert("language".into(), json!(language));
    }
    (!attributes.is_empty()).then(|| serde_json::Value::Object(attributes).to_string())
}

/// Refuses a side whose language is not a language tag, naming the side.
fn refuse_bad_languages(sides: &[PairingSide]) -> Result<(), AppError> {
    for side in sides {
        if let Some(problem) = side.language.as_deref().and_then(language_tag_problem) {
            let who = side.name.as_deref().unwrap_or(&side.number);
            let sentence = said!(side_language, who = who).within("problem", Sentence::of(problem));
            return Err(AppError::invalid(sentence));
        }
    }
    Ok(())
}

async fn side_holdings(state: &AppState, side: &PairingSide) -> Result<Vec<Holding>, AppError> {
    match side_address(side) {
        Ok(address) => holdings(state, &address.to_string()).await,
        Err(_) => Ok(Vec::new()),
    }
}

/// Both sides' addresses, proxies and conflicts; the two lookups run at the same time.
pub async fn check(state: &AppState, request: &PairingRequest) -> Result<PairingCheck, AppError> {
    let [a, b] = &request.sides;
    let (pool, held_a, held_b) = tokio::try_join!(
        state.numbers.ranked_pool(&state.twilio, &state.db),
        side_holdings(state, a),
        side_holdings(state, b)
    )?;
    let sides = check_pairing([(a, &held_a), (b, &held_b)], &pool);
    Ok(PairingCheck {
        ready: is_ready(&sides),
        sides,
    })
}

/// Creates the conversation with both participants in one upstream call. When both proxies are given
/// (the UI sends the ones its check showed), only the business numbers are looked up (cached).
pub async fn create(
    state: &AppState,
    request: &PairingRequest,
) -> Result<PairingCreated, AppError> {
    let unique_name = format!("pairing-{:032x}", rand::rng().random::<u128>());
    create_named(state, request, &unique_name).await
}

/// As `create`, with the conversation's unique name given, so that a retried import row can tell
/// whether its conversation was already made.
pub async fn create_named(
    state: &AppState,
    request: &PairingRequest,
    unique_name: &str,
) -> Result<PairingCreated, AppError> {
    let name = request.friendly_name.trim();
    if name.is_empty() || name.chars().count() > 256 {
        return Err(AppError::invalid(said!(conversation_name)));
    }
    refuse_bad_languages(&request.sides)?;
    let end = crate::settings::end_for(&state.db, request.end).await?;
    let proxies_given = request
        .sides
        .iter()
        .all(|s| s.proxy.as_deref().is_some_and(|p| !p.trim().is_empty()));
    let checks = if proxies_given {
        let no_holdings: [&[Holding]; 2] = [&[], &[]];
        let pool = state.numbers.pool(&state.twilio).await?;
        check_pairing(
            [
                (&request.sides[0], no_holdings[0]),
                (&request.sides[1], no_holdings[1]),
            ],
            &pool,
        )
    } else {
        check(state, request).await?.sides
    };
    if let Some(sentence) = refusal(&checks, &request.sides) {
        return Err(AppError::conflict(sentence));
    }
    let participants: Vec<NewParticipant> = checks
        .iter()
        .zip(&request.sides)
        .map(|(check, side)| NewParticipant::Messaging {
            address: check.address.clone().expect("a ready side has an address"),
            proxy_address: check.proxy.clone().expect("a ready side has a proxy"),
            attributes: participant_attributes(side),
        })
        .collect();
    let mut attributes = json!({ "reference": request.reference, "pairing": true });
    if !end.is_never() {
        attributes["end"] = json!(end);
    }
    let params = ConversationParams {
        friendly_name: Some(name.to_owned()),
        unique_name: Some(unique_name.to_owned()),
        attributes: Some(attributes.to_string()),
        ..ending::timers(&end)
    };
    let created = state
        .twilio
        .create_conversation_with_participants(&params, &participants)
        .await;
    let conversation = match created {
        Ok(conversation) => conversation,
        Err(TwilioError::Api(body)) if PAIR_IN_USE.contains(&body.code) => {
            let sentence = refusal(&check(state, request).await?.sides, &request.sides);
            return Err(sentence.map_or_else(
                || AppError::conflict(said!(pair_in_use_short)),
                AppError::conflict,
            ));
        }
        Err(error) => return Err(settle_unknown_outcome(state, unique_name, error).await),
    };
    crate::mirror::note_changed(state, &conversation.sid);
    let proxies = checks.map(|c| c.proxy.expect("a ready side has a proxy"));
    Ok(PairingCreated {
        conversation_sid: conversation.sid,
        proxies,
    })
}

/// After a failure that may hide a conversation made upstream (a timeout, a dropped connection, a
/// 5xx), look it up by its unique name and delete it, so that nothing half-made is left behind; when
/// Twilio cannot say yet, keep trying in the background.
async fn settle_unknown_outcome(
    state: &AppState,
    unique_name: &str,
    error: TwilioError,
) -> AppError {
    if matches!(error, TwilioError::Api(ref body) if body.status < 500) {
        return error.into();
    }
    if let Err(settle_error) = unsettled::settle(state, unique_name).await {
        tracing::warn!(error = %settle_error, unique_name, "could not settle a failed pairing yet");
        unsettled::settle_later(state, unique_name).await;
    }
    error.into()
}

/// Replaces `participant_sid` with the person in `side`: the new participant joins first, then the
/// old one leaves, so the conversation and its history stay; if the old one cannot leave, the new one
/// is removed again and nothing has changed.
pub async fn reassign(
    state: &AppState,
    conversation: &ConversationSid,
    participant_sid: &ParticipantSid,
    side: &PairingSide,
) -> Result<ParticipantView, AppError> {
    refuse_bad_languages(std::slice::from_ref(side))?;
    let (conversation, participant_sid) = (conversation.as_str(), participant_sid.as_str());
    let participants = state.twilio.list_participants(conversation).await?;
    if !participants.iter().any(|p| p.sid == participant_sid) {
        return Err(AppError::not_found(said!(
            not_a_participant,
            participant = participant_sid
        )));
    }
    let (pool, held) = tokio::try_join!(
        state.numbers.ranked_pool(&state.twilio, &state.db),
        side_holdings(state, side)
    )?;
    let check = plan::check_side(side, &pool, &held);
    if let Some(sentence) = refusal(
        &[check.clone(), check.clone()],
        &[side.clone(), side.clone()],
    ) {
        return Err(AppError::conflict(sentence));
    }
    let new = NewParticipant::Messaging {
        address: check.address.expect("a checked side has an address"),
        proxy_address: check.proxy.expect("a checked side has a proxy"),
        attributes: participant_attributes(side),
    };
    let added = state.twilio.add_participant(conversation, &new).await?;
    if let Err(error) = state
        .twilio
        .remove_participant(conversation, participant_sid)
        .await
    {
        if let Err(undo) = state
            .twilio
            .remove_participant(conversation, &added.sid)
            .await
        {
            tracing::error!(error = %undo, conversation, "could not undo a half-done re-assignment");
        }
        return Err(error.into());
    }
    crate::mirror::note_changed(state, conversation);
    Ok(crate::views::participant(added, &[], state.clock.now()))
}
