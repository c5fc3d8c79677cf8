//! The client against the sandbox over HTTP: the same wire format Twilio speaks.

use std::time::Duration;

use secrecy::SecretString;
use switchboard_sandbox::{RunningSandbox, SandboxCredentials, SandboxState};
use switchboard_twilio::{Bases, Client, ClientConfig, ConversationParams, Credentials, Error};

async fn sandbox() -> RunningSandbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    switchboard_sandbox::spawn(listener, SandboxState::new(SandboxCredentials::generate())).unwrap()
}

fn client(sandbox: &RunningSandbox, token: SecretString) -> Client {
    let credentials = Credentials::new(sandbox.account_sid.clone(), token);
    Client::new(ClientConfig::new(
        Bases::single_origin(&sandbox.base_url()),
        credentials,
    ))
    .unwrap()
}

fn named(name: String) -> ConversationParams {
    ConversationParams {
        friendly_name: Some(name),
        ..ConversationParams::default()
    }
}

#[tokio::test]
async fn listing_follows_next_page_url_across_pages_in_creation_order() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, sandbox.auth_token.clone());
    for i in 0..130 {
        client
            .create_conversation(&named(format!("Order {i}")))
            .await
            .unwrap();
    }
    let all = client.list_conversations(1_000).await.unwrap();
    assert_eq!(all.len(), 130);
    let names: Vec<_> = all
        .iter()
        .map(|c| c.friendly_name.clone().unwrap())
        .collect();
    let expected: Vec<_> = (0..130).map(|i| format!("Order {i}")).collect();
    assert_eq!(names, expected);
    assert_eq!(client.list_conversations(7).await.unwrap().len(), 7);
}

#[tokio::test]
async fn a_created_conversation_comes_back_with_twilio_fields() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, sandbox.auth_token.clone());
    let params = ConversationParams {
        friendly_name: Some("Order 8812".into()),
        unique_name: Some("order-8812".into()),
        attributes: Some(r#"{"order":"8812"}"#.into()),
        ..ConversationParams::default()
    };
    let created = client.create_conversation(&params).await.unwrap();
    assert!(created.sid.starts_with("CH") && created.sid.len() == 34);
    assert_eq!(created.account_sid, sandbox.account_sid);
    assert_eq!(created.state, "active");
    assert_eq!(created.unique_name.as_deref(), Some("order-8812"));
    assert_eq!(
        created.url,
        format!("{}/v1/Conversations/{}", sandbox.base_url(), created.sid)
    );
}

#[tokio::test]
async fn twilio_errors_keep_their_code() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, sandbox.auth_token.clone());
    let params = ConversationParams {
        unique_name: Some("dup".into()),
        ..ConversationParams::default()
    };
    client.create_conversation(&params).await.unwrap();
    let error = client.create_conversation(&params).await.unwrap_err();
    assert_eq!(error.twilio_code(), Some(50353));

    let bad_json = ConversationParams {
        attributes: Some("{not json".into()),
        ..ConversationParams::default()
    };
    let Error::Api(body) = client.create_conversation(&bad_json).await.unwrap_err() else {
        panic!()
    };
    assert_eq!(
        (body.status, body.message.as_str()),
        (400, "Attributes must be valid JSON")
    );
}

#[tokio::test]
async fn a_wrong_token_is_refused_with_twilios_authenticate_error() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, SecretString::from("wrong"));
    let Error::Api(body) = client.list_conversations(10).await.unwrap_err() else {
        panic!("expected 401")
    };
    assert_eq!((body.status, body.code), (401, 20003));
    assert_eq!(
        body.more_info.as_deref(),
        Some("https://www.twilio.com/docs/errors/20003")
    );
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_transport_error() {
    let config = ClientConfig {
        timeout: Duration::from_secs(2),
        ..ClientConfig::new(
            Bases::single_origin("http://127.0.0.1:9"),
            Credentials::new("AC0", SecretString::from("t")),
        )
    };
    let client = Client::new(config).unwrap();
    assert!(matches!(
        client.list_conversations(1).await,
        Err(Error::Transport(_))
    ));
}
