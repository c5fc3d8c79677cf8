//! REST changes fire the post-event webhook only with `X-Twilio-Webhook-Enabled`; a message's
//! delivery outcome, which comes from the channel, is told either way.

use std::time::Duration;

use super::receiver::{Received, receiver};
use super::{POST_EVENTS, set_account};
use crate::common::*;

#[tokio::test]
async fn rest_changes_without_the_header_are_silent() {
    let sandbox = demo().await;
    let (base, inbox) = receiver().await;
    set_account(&sandbox, &format!("{base}/events"), &POST_EVENTS).await;
    let quiet = sandbox.conversation("Quiet").await;
    sandbox.add(&quiet, "+15550100999", SMS_2).await;
    sandbox
        .post(
            &format!("/v1/Conversations/{quiet}"),
            &[("State", "inactive")],
        )
        .await;
    let loud = sandbox
        .post_firing("/v1/Conversations", &[("FriendlyName", "Loud")])
        .await;
    // One sender sends in order: had the quiet changes been queued, they would have come first.
    let got = inbox.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(inbox.all().len(), 1);
    assert_eq!(got[0].param("ConversationSid"), loud.body["sid"].as_str());
}

#[tokio::test]
async fn a_rest_message_without_the_header_still_tells_its_delivery_outcome() {
    let sandbox = demo().await;
    let (base, inbox) = receiver().await;
    set_account(&sandbox, &format!("{base}/events"), &POST_EVENTS).await;
    let sid = sandbox.conversation("Order 8850").await;
    // A WhatsApp person who never wrote: free-form text cannot reach them.
    sandbox.add(&sid, "whatsapp:+34600000050", WA_2).await;
    let sent = sandbox
        .post(
            &format!("/v1/Conversations/{sid}/Messages"),
            &[("Body", "Your parcel is at the door")],
        )
        .await;
    assert_eq!(sent.status, 201);
    let got = inbox.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let all = inbox.all();
    let events: Vec<&str> = all.iter().map(Received::event).collect();
    assert_eq!(
        events,
        ["onDeliveryUpdated"],
        "the REST change itself stays silent"
    );
    assert_eq!(got[0].param("MessageSid"), sent.body["sid"].as_str());
    assert_eq!(got[0].param("Status"), Some("failed"));
    assert_eq!(got[0].param("ErrorCode"), Some("63016"));
}
