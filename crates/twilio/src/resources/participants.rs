//! Typed calls on Twilio's participants.

use serde_json::json;

use super::segment;
use crate::form::Form;
use crate::wire::{Participant, ParticipantList};
use crate::{Client, Error};

/// A participant to add: an SMS/WhatsApp address reached through a proxy address, or a chat identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewParticipant {
    Messaging {
        address: String,
        proxy_address: String,
        attributes: Option<String>,
    },
    Chat {
        identity: String,
        attributes: Option<String>,
    },
}

impl NewParticipant {
    fn form(&self) -> Form {
        match self {
            NewParticipant::Messaging {
                address,
                proxy_address,
                attributes,
            } => Form::new()
                .set("MessagingBinding.Address", address)
                .set("MessagingBinding.ProxyAddress", proxy_address)
                .maybe("Attributes", attributes.clone()),
            NewParticipant::Chat {
                identity,
                attributes,
            } => Form::new()
                .set("Identity", identity)
                .maybe("Attributes", attributes.clone()),
        }
    }

    /// The snake_case JSON one `Participant` field of ConversationWithParticipants carries.
    pub(crate) fn to_json(&self) -> String {
        let (mut value, attributes) = match self {
            NewParticipant::Messaging {
                address,
                proxy_address,
                attributes,
            } => (
                json!({ "messaging_binding": { "address": address, "proxy_address": proxy_address } }),
                attributes,
            ),
            NewParticipant::Chat {
                identity,
                attributes,
            } => (json!({ "identity": identity }), attributes),
        };
        if let Some(attributes) = attributes {
            value["attributes"] = json!(attributes);
        }
        value.to_string()
    }
}

impl Client {
    fn participants_url(&self, conversation: &str) -> String {
        format!(
            "{}/v1/Conversations/{}/Participants",
            self.bases.conversations,
            segment(conversation)
        )
    }

    pub async fn list_participants(&self, conversation: &str) -> Result<Vec<Participant>, Error> {
        self.collect::<ParticipantList>(
            format!("{}?PageSize=100", self.participants_url(conversation)),
            1_000,
        )
        .await
    }

    pub async fn add_participant(
        &self,
        conversation: &str,
        participant: &NewParticipant,
    ) -> Result<Participant, Error> {
        self.post(&self.participants_url(conversation), &participant.form())
            .await
    }

    pub async fn remove_participant(
        &self,
        conversation: &str,
        participant_sid: &str,
    ) -> Result<(), Error> {
        self.delete(&format!(
            "{}/{}",
            self.participants_url(conversation),
            segment(participant_sid)
        ))
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_messaging_participant_travels_as_snake_case_json_in_conversation_with_participants() {
        let participant = NewParticipant::Messaging {
            address: "whatsapp:+34600000001".into(),
            proxy_address: "whatsapp:+15550001000".into(),
            attributes: Some(r#"{"role":"customer"}"#.into()),
        };
        let value: serde_json::Value = serde_json::from_str(&participant.to_json()).unwrap();
        assert_eq!(
            value["messaging_binding"]["address"],
            "whatsapp:+34600000001"
        );
        assert_eq!(
            value["messaging_binding"]["proxy_address"],
            "whatsapp:+15550001000"
        );
        assert_eq!(value["attributes"], r#"{"role":"customer"}"#);
    }
}
