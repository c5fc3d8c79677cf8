//! Sends webhooks one at a time, in the order the changes were made, as Twilio sends them:
//! form-encoded (or in the query for GET), signed with `X-Twilio-Signature`, with an
//! `I-Twilio-Idempotency-Token`, giving up after 5 seconds. Every attempt is recorded, and so is
//! every webhook a `drop_events` fault kept from being sent.

use std::time::{Duration, Instant};

use secrecy::ExposeSecret;

use crate::SandboxState;
use crate::sid::new_sid;
use crate::signature::sign;
use crate::store::Dispatch;
use crate::store::model::Delivery;

const TIMEOUT: Duration = Duration::from_secs(5);

pub fn start(state: SandboxState) {
    let Some(mut inbox) = state.hooks_inbox.lock().expect("inbox lock").take() else {
        return;
    };
    tokio::spawn(async move {
        let client = match reqwest::Client::builder()
            .timeout(TIMEOUT)
            .user_agent("TwilioProxy/1.1")
            .build()
        {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(%error, "the sandbox cannot send webhooks");
                return;
            }
        };
        while let Some(dispatch) = inbox.recv().await {
            deliver(&state, &client, dispatch).await;
        }
    });
}

async fn deliver(state: &SandboxState, client: &reqwest::Client, dispatch: Dispatch) {
    let token = state.credentials.auth_token().expose_secret().to_owned();
    let idempotency_token = new_sid("").to_owned();
    let request = if dispatch.method == "get" {
        let query = serde_urlencoded::to_string(&dispatch.params).unwrap_or_default();
        let separator = if dispatch.url.contains('?') { '&' } else { '?' };
        let url = format!("{}{separator}{query}", dispatch.url);
        client
            .get(&url)
            .header("X-Twilio-Signature", sign(&token, &url, &[]))
    } else {
        client
            .post(&dispatch.url)
            .header(
                "X-Twilio-Signature",
                sign(&token, &dispatch.url, &dispatch.params),
            )
            .form(&dispatch.params)
    };
    let started = Instant::now();
    let receiver_path = reqwest::Url::parse(&dispatch.url)
        .map(|u| u.path().to_owned())
        .unwrap_or_default();
    let (status, error) = if state.faults.drops_event(&receiver_path) {
        (None, Some("dropped by a drop_events fault".to_owned()))
    } else {
        let outcome = request
            .header("I-Twilio-Idempotency-Token", &idempotency_token)
            .send()
            .await;
        match outcome {
            Ok(response) => (Some(response.status().as_u16()), None),
            Err(e) if e.is_timeout() => (None, Some("timed out after 5 seconds".to_owned())),
            Err(e) => (None, Some(format!("could not connect: {e}"))),
        }
    };
    let latency_ms = started.elapsed().as_millis() as u64;
    if let Some(error) = &error {
        tracing::warn!(url = %dispatch.url, %error, "webhook not delivered");
    }
    let mut store = state.store.lock().await;
    let delivery = Delivery {
        sid: new_sid("WD"),
        webhook_sid: dispatch.webhook_sid,
        conversation_sid: dispatch.conversation_sid,
        event_type: dispatch.event_type,
        url: dispatch.url,
        method: dispatch.method.to_uppercase(),
        params: dispatch.params,
        idempotency_token,
        status,
        error,
        latency_ms,
        date_created: store.now(),
    };
    store.record_delivery(delivery);
    let _ = state.commit(&mut store, false).await;
}
