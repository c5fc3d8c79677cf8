//! The two-sided WhatsApp opt-in relay, built in: what the seed builds by hand with the CLI and a
//! serverless Function. Its state lives in the database, so a restart loses nothing, and a step is
//! held by one instance at a time: another finishes it if that one dies.

pub mod hook;
mod store;

use serde_json::json;
use switchboard_core::ConversationSid;
use switchboard_core::api::{OptInRequest, OptInState, OptInStatus};
use switchboard_core::template;
use switchboard_twilio::{Error as TwilioError, MessageOrder, NewMessage, WebhookParams};

use crate::conversations::not_found_as;
use crate::error::{AppError, Sentence, said};
use crate::state::AppState;
use crate::templates;
use store::Relay;
pub use store::status;

/// What the customer reads when they accept.
/// Who the relay's messages say sent them (`views::sent_here`).
const SENT_BY: &str = "opt-in relay";
pub const GREETING: &str = "Great! Just a moment while we connect you…";
/// Where Twilio posts the conversation's messages while the relay waits.
pub const HOOK_PATH: &str = "/hooks/twilio/opt-in";

/// Starts the relay: the scoped webhook first (so the answer cannot be missed), then the invitation.
/// If either fails, whatever was made is removed and the relay is marked failed.
pub async fn start(
    state: &AppState,
    conversation: &ConversationSid,
    request: &OptInRequest,
    started_by: &str,
) -> Result<OptInStatus, AppError> {
    if state.webhook_token.is_none() {
        return Err(AppError::invalid(said!(opt_in_needs_token)));
    }
    let relay = checked_relay(state, conversation, request).await?;
    let Some(_here) = state.instance.begin(work_key(conversation.as_str())) else {
        return Err(store::busy());
    };
    store::insert(&state.db, &relay, started_by, &state.instance).await?;
    state.events.publish(crate::events::Event::opt_in(
        conversation.as_str(),
        OptInState::Starting,
    ));
    let invitation = NewMessage {
        author: Some(relay.rider_address),
        content_sid: Some(request.customer_template.content_sid.clone()),
        content_variables: Some(template::content_variables(
            &request.customer_template.values,
        )),
        attributes: Some(crate::views::sent_here(SENT_BY)),
        ..NewMessage::default()
    };
    let sid = conversation.as_str();
    hook_and_invite(state, sid, &invitation).await?;
    store::status(&state.db, sid)
        .await?
        .ok_or_else(|| AppError::Internal("the opt-in row vanished".into()))
}

/// The relay to store, once both people are SMS or WhatsApp participants of the conversation, the
/// customer is on WhatsApp and both templates can be sent.
async fn checked_relay(
    state: &AppState,
    conversation: &ConversationSid,
    request: &OptInRequest,
) -> Result<Relay, AppError> {
    let sid = conversation.as_str();
    let participants = state
        .twilio
        .list_participants(sid)
        .await
        .map_err(|e| not_found_as(e, conversation))?;
    let address_of = |participant_sid: &str, role: Sentence| {
        participants
            .iter()
            .find(|p| p.sid == participant_sid)
            .and_then(|p| p.messaging_binding.as_ref()?.address.clone())
            .ok_or_else(|| AppError::invalid(role))
    };
    let customer_address = address_of(&request.customer_participant_sid, said!(opt_in_customer))?;
    let rider_address = address_of(&request.rider_participant_sid, said!(opt_in_rider))?;
    if !customer_address.starts_with("whatsapp:") {
        return Err(AppError::invalid(said!(opt_in_whatsapp)));
    }
    templates::sendable(state, &request.customer_template).await?;
    templates::sendable(state, &request.rider_template).await?;
    Ok(Relay {
        conversation_sid: sid.to_owned(),
        webhook_sid: None,
        customer_participant_sid: request.customer_participant_sid.clone(),
        customer_address,
        rider_participant_sid: request.rider_participant_sid.clone(),
        rider_address,
        rider_template_sid: request.rider_template.content_sid.clone(),
        rider_template_values: template::content_variables(&request.rider_template.values),
        started_at: 0,
    })
}

/// Makes the scoped webhook, then sends the invitation, recording each step; on a failure removes
/// the webhook if it was made and marks the relay failed.
async fn hook_and_invite(
    state: &AppState,
    sid: &str,
    invitation: &NewMessage,
) -> Result<(), AppError> {
    let webhook = WebhookParams {
        target: "webhook".into(),
        url: Some(format!("{}{HOOK_PATH}", state.public_base)),
        method: Some("post".into()),
        filters: vec!["onMessageAdded".into()],
        ..WebhookParams::default()
    };
    let (db, me) = (&state.db, &state.instance);
    let mut made_webhook = None;
    let outcome = async {
        let created = state.twilio.create_webhook(sid, &webhook).await?;
        made_webhook = Some(created.sid.clone());
        still_held(store::set_webhook(db, sid, &created.sid, me).await?)?;
        state.twilio.send_message(sid, invitation).await?;
        still_held(store::set_state(db, sid, me, OptInState::Waiting, None).await?)?;
        state
            .events
            .publish(crate::events::Event::opt_in(sid, OptInState::Waiting));
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(error) = outcome {
        if let Some(webhook_sid) = made_webhook {
            let _ = state.twilio.delete_webhook(sid, &webhook_sid).await;
        }
        let _ = store::set_state(db, sid, me, OptInState::Failed, Some(&error.to_string())).await;
        state
            .events
            .publish(crate::events::Event::opt_in(sid, OptInState::Failed));
        return Err(error);
    }
    Ok(())
}

/// The customer answered: greet them, send the rider their template, and remove the webhook. Runs
/// once per relay however often, and on however many instances, Twilio's event is delivered.
pub async fn connect(state: &AppState, conversation_sid: &str) -> Result<bool, AppError> {
    let Some(_here) = state.instance.begin(work_key(conversation_sid)) else {
        return Ok(false);
    };
    let Some(relay) = store::claim(&state.db, conversation_sid, &state.instance).await? else {
        return Ok(false);
    };
    finish_connecting(state, &relay, false).await
}

/// The sweep's part: relays left halfway through a step by an instance that died. A relay that was
/// connecting is finished without repeating a step already done; one that was starting is undone
/// and marked failed (its operator was never told it started).
pub async fn take_over(state: &AppState) {
    match store::orphaned(&state.db, &state.instance).await {
        Ok(sids) => {
            for sid in sids {
                tokio::spawn(resume(state.clone(), sid));
            }
        }
        Err(error) => tracing::error!(%error, "could not look for opt-ins to take over"),
    }
}

async fn resume(state: AppState, sid: String) {
    let Some(_here) = state.instance.begin(work_key(&sid)) else {
        return;
    };
    let outcome = match store::claim_orphaned(&state.db, &sid, &state.instance).await {
        Ok(Some((OptInState::Starting, relay))) => abandon_start(&state, &relay).await,
        Ok(Some((_, relay))) => {
            tracing::info!(
                conversation = sid,
                "finishing an opt-in another instance left connecting"
            );
            finish_connecting(&state, &relay, true).await.map(|_| ())
        }
        Ok(None) => Ok(()),
        Err(error) => Err(error),
    };
    if let Err(error) = outcome {
        tracing::warn!(%error, conversation = sid, "could not take over an opt-in yet");
    }
}

/// What a relay's connecting step had done before it was interrupted, as Twilio has it.
#[derive(Default)]
struct Done {
    greeted: bool,
    rider_invited: bool,
}

async fn done_before(state: &AppState, relay: &Relay) -> Result<Done, AppError> {
    let page = state
        .twilio
        .messages_page(&relay.conversation_sid, MessageOrder::NewestFirst, 50)
        .await?;
    let sent = |author: &str, check: &dyn Fn(&switchboard_twilio::wire::Message) -> bool| {
        page.items
            .iter()
            .any(|m| m.author.as_deref() == Some(author) && check(m))
    };
    Ok(Done {
        greeted: sent(&relay.rider_address, &|m| {
            m.body.as_deref() == Some(GREETING)
        }),
        rider_invited: sent(&relay.customer_address, &|m| {
            m.content_sid.as_deref() == Some(relay.rider_template_sid.as_str())
        }),
    })
}

/// The connecting step of a relay this instance holds; `resumed` when another instance began it.
async fn finish_connecting(
    state: &AppState,
    relay: &Relay,
    resumed: bool,
) -> Result<bool, AppError> {
    let conversation_sid = relay.conversation_sid.as_str();
    let done = if resumed {
        done_before(state, relay).await?
    } else {
        Done::default()
    };
    state.events.publish(crate::events::Event::opt_in(
        conversation_sid,
        OptInState::Connecting,
    ));
    let greeting = NewMessage {
        author: Some(relay.rider_address.clone()),
        body: Some(GREETING.into()),
        attributes: Some(crate::views::sent_here(SENT_BY)),
        ..NewMessage::default()
    };
    let rider_template = NewMessage {
        author: Some(relay.customer_address.clone()),
        content_sid: Some(relay.rider_template_sid.clone()),
        content_variables: Some(relay.rider_template_values.clone()),
        attributes: Some(crate::views::sent_here(SENT_BY)),
        ..NewMessage::default()
    };
    let outcome = async {
        if !done.greeted {
            state
                .twilio
                .send_message(conversation_sid, &greeting)
                .await?;
        }
        if !done.rider_invited {
            state
                .twilio
                .send_message(conversation_sid, &rider_template)
                .await?;
        }
        if let Some(webhook_sid) = &relay.webhook_sid {
            remove_webhook(state, conversation_sid, webhook_sid).await?;
        }
        Ok::<_, AppError>(())
    }
    .await;
    // Audited before the new state is recorded, so that an instance taking over after a death in
    // between finds the entry and does not write a second one.
    let logged = resumed
        && state
            .audit
            .recorded_since("opt_in.connect", conversation_sid, relay.started_at)
            .await?;
    if !logged {
        let mut detail = json!({ "customer": relay.customer_participant_sid, "rider": relay.rider_participant_sid });
        if resumed {
            detail["resumed"] = json!(true);
        }
        state
            .audit
            .record_as(
                None,
                "twilio",
                "opt_in.connect",
                Some(conversation_sid),
                crate::audit::Outcome::of(&outcome),
                detail,
            )
            .await;
    }
    let (new_state, error) = match &outcome {
        Ok(()) => (OptInState::Connected, None),
        Err(error) => (OptInState::Failed, Some(error.to_string())),
    };
    let (db, me) = (&state.db, &state.instance);
    if store::set_state(db, conversation_sid, me, new_state, error.as_deref()).await? {
        state
            .events
            .publish(crate::events::Event::opt_in(conversation_sid, new_state));
    } else {
        tracing::warn!(
            conversation = conversation_sid,
            "another instance took this opt-in over before its result was recorded"
        );
    }
    outcome.map(|()| true)
}

/// A relay whose start was interrupted: its webhook removed, and marked failed for the operator to
/// start again.
async fn abandon_start(state: &AppState, relay: &Relay) -> Result<(), AppError> {
    let sid = relay.conversation_sid.as_str();
    if let Some(webhook_sid) = &relay.webhook_sid {
        remove_webhook(state, sid, webhook_sid).await?;
    }
    tracing::warn!(
        conversation = sid,
        "marked failed an opt-in whose start another instance left unfinished"
    );
    let stopped = "The server starting this opt-in stopped before it finished: start it again.";
    store::set_state(
        &state.db,
        sid,
        &state.instance,
        OptInState::Failed,
        Some(stopped),
    )
    .await?;
    state
        .events
        .publish(crate::events::Event::opt_in(sid, OptInState::Failed));
    Ok(())
}

/// Removes the relay's webhook; one already gone (an earlier try whose answer was lost) is fine.
async fn remove_webhook(state: &AppState, sid: &str, webhook_sid: &str) -> Result<(), AppError> {
    match state.twilio.delete_webhook(sid, webhook_sid).await {
        Err(TwilioError::Api(body)) if body.status == 404 => Ok(()),
        other => Ok(other?),
    }
}

/// The key under which one task of this process at a time works on a conversation's relay.
fn work_key(conversation_sid: &str) -> String {
    format!("opt-in-{conversation_sid}")
}

fn still_held(held: bool) -> Result<(), AppError> {
    if held {
        Ok(())
    } else {
        Err(AppError::Internal(
            "another instance took this opt-in over while it was starting".into(),
        ))
    }
}
