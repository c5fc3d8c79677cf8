//! Messaging v1, just enough for a client to discover the account's numbers; served under
//! `/messaging` because Conversations has a `/v1/Services` of its own.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::paging::Listing;
use super::wire::{Wire, fetch as fetch_one};
use crate::store::{Channel, Meta, Number};
use crate::time_format::format;
use crate::{SandboxState, TwilioError};

pub async fn services(
    State(state): State<SandboxState>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    let services = std::slice::from_ref(&store.meta);
    Ok(listing.page(&store, services, "services", |wire, s| wire.service(s)))
}

pub async fn service(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(sid): Path<String>,
) -> Result<Json<Value>, TwilioError> {
    fetch_one(
        &state,
        &headers,
        |s| s.messaging_service(&sid),
        |wire, s| wire.service(s),
    )
    .await
}

pub async fn phone_numbers(
    State(state): State<SandboxState>,
    Path(sid): Path<String>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    store.messaging_service(&sid)?;
    let items: Vec<_> = store.numbers(Channel::Sms).collect();
    Ok(listing.page(&store, &items, "phone_numbers", |wire, n| {
        wire.phone_number(n)
    }))
}

pub async fn channel_senders(
    State(state): State<SandboxState>,
    Path(sid): Path<String>,
    listing: Listing<1000>,
) -> Result<Json<Value>, TwilioError> {
    let store = state.store.lock().await;
    store.messaging_service(&sid)?;
    let items: Vec<_> = store.numbers(Channel::Whatsapp).collect();
    Ok(listing.page(&store, &items, "senders", |wire, n| wire.channel_sender(n)))
}

impl Wire<'_> {
    /// The account's one Messaging Service.
    pub fn service(&self, meta: &Meta) -> Value {
        let sid = &meta.messaging_service_sid;
        let url = self.url(&format!("/messaging/v1/Services/{sid}"));
        let created = format(meta.messaging_service_created);
        json!({
            "sid": sid,
            "account_sid": self.account_sid(),
            "friendly_name": "Switchboard sandbox",
            "date_created": created,
            "date_updated": created,
            "inbound_request_url": null,
            "inbound_method": "POST",
            "fallback_url": null,
            "fallback_method": "POST",
            "status_callback": null,
            "sticky_sender": true,
            "mms_converter": true,
            "smart_encoding": true,
            "scan_message_content": "inherit",
            "fallback_to_long_code": true,
            "area_code_geomatch": true,
            "synchronous_validation": false,
            "validity_period": 14400,
            "url": url,
            "links": {
                "phone_numbers": format!("{url}/PhoneNumbers"),
                "short_codes": format!("{url}/ShortCodes"),
                "alpha_senders": format!("{url}/AlphaSenders"),
                "channel_senders": format!("{url}/ChannelSenders"),
            },
            "usecase": "mixed",
            "us_app_to_person_registered": false,
            "use_inbound_webhook_on_number": false,
        })
    }

    pub fn phone_number(&self, number: &Number) -> Value {
        let service = &self.store.meta.messaging_service_sid;
        json!({
            "sid": number.sid,
            "account_sid": self.account_sid(),
            "service_sid": service,
            "date_created": format(number.date_created),
            "date_updated": format(number.date_created),
            "phone_number": number.address,
            "country_code": number.country_code,
            "capabilities": ["SMS", "MMS"],
            "url": self.url(&format!("/messaging/v1/Services/{service}/PhoneNumbers/{}", number.sid)),
        })
    }

    pub fn channel_sender(&self, number: &Number) -> Value {
        let service = &self.store.meta.messaging_service_sid;
        json!({
            "account_sid": self.account_sid(),
            "messaging_service_sid": service,
            "sid": number.sid,
            "sender": number.address,
            "sender_type": "WhatsApp",
            "country_code": number.country_code,
            "date_created": format(number.date_created),
            "date_updated": format(number.date_created),
            "url": self.url(&format!("/messaging/v1/Services/{service}/ChannelSenders/{}", number.sid)),
        })
    }
}
