//! Start-up configuration from flags, environment and file, and the sentence each mistake gets.

use super::*;

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

fn args() -> ServeArgs {
    ServeArgs {
        listen: "127.0.0.1:0".into(),
        ..ServeArgs::default()
    }
}

#[test]
fn no_credentials_means_the_sandbox() {
    assert!(matches!(upstream(args()), Ok(Upstream::Sandbox)));
}

#[test]
fn empty_variables_count_as_unset() {
    let args = ServeArgs {
        account_sid: Some(String::new()),
        api_key_sid: Some(" ".into()),
        api_base_url: Some(String::new()),
        ..args()
    };
    assert!(matches!(upstream(args), Ok(Upstream::Sandbox)));
}

#[test]
fn an_account_sid_and_token_mean_twilio() {
    let args = ServeArgs {
        account_sid: Some(ACCOUNT.into()),
        auth_token: Some("t".into()),
        ..args()
    };
    let Ok(Upstream::Twilio { bases, .. }) = upstream(args) else {
        panic!("expected Twilio")
    };
    assert_eq!(bases, Bases::twilio());
}

#[test]
fn a_malformed_account_sid_is_named_in_one_sentence() {
    let args = ServeArgs {
        account_sid: Some("AC123".into()),
        auth_token: Some("t".into()),
        ..args()
    };
    let message = upstream(args).unwrap_err().to_string();
    assert!(
        message.starts_with("TWILIO_ACCOUNT_SID must start with \"AC\""),
        "{message}"
    );
}

#[test]
fn half_given_credentials_say_what_is_missing() {
    let only_sid = ServeArgs {
        account_sid: Some(ACCOUNT.into()),
        ..args()
    };
    assert!(matches!(
        upstream(only_sid),
        Err(ConfigError::MissingSecret)
    ));
    let only_token = ServeArgs {
        auth_token: Some("t".into()),
        ..args()
    };
    assert!(matches!(
        upstream(only_token),
        Err(ConfigError::MissingAccount("TWILIO_AUTH_TOKEN"))
    ));
    let key_without_secret = ServeArgs {
        account_sid: Some(ACCOUNT.into()),
        api_key_sid: Some("SK0123".into()),
        ..args()
    };
    assert!(matches!(
        upstream(key_without_secret),
        Err(ConfigError::MissingKeySecret)
    ));
}

#[test]
fn an_api_key_must_be_an_sk_sid() {
    let args = ServeArgs {
        account_sid: Some(ACCOUNT.into()),
        api_key_sid: Some("AC0123456789abcdef0123456789abcdef".into()),
        api_key_secret: Some("s".into()),
        ..args()
    };
    assert!(
        upstream(args)
            .unwrap_err()
            .to_string()
            .starts_with("TWILIO_API_KEY_SID must start with \"SK\"")
    );
}

#[test]
fn a_plain_http_upstream_is_refused_unless_local() {
    let with_base = |base: &str| ServeArgs {
        account_sid: Some(ACCOUNT.into()),
        auth_token: Some("t".into()),
        api_base_url: Some(base.into()),
        ..args()
    };
    assert!(matches!(
        upstream(with_base("http://example.com")),
        Err(ConfigError::BaseUrl(_))
    ));
    assert!(upstream(with_base("http://127.0.0.1:4010")).is_ok());
}

#[test]
fn region_and_edge_pick_twilios_regional_hosts() {
    let regional = bases(None, Some("ie1".into()), Some("dublin".into())).unwrap();
    assert_eq!(
        regional.conversations,
        "https://conversations.dublin.ie1.twilio.com"
    );
    assert_eq!(
        regional.messaging,
        "https://messaging.dublin.ie1.twilio.com"
    );
    assert!(matches!(
        bases(None, Some("ie1".into()), None),
        Err(ConfigError::Edge)
    ));
    assert!(matches!(
        bases(None, Some("ie1/x".into()), Some("d".into())),
        Err(ConfigError::Edge)
    ));
}

#[test]
fn the_public_url_is_a_bare_origin() {
    assert_eq!(
        public_url("https://sb.example.com/".into()).unwrap(),
        "https://sb.example.com"
    );
    assert!(public_url("http://127.0.0.1:8080".into()).is_ok());
    for bad in [
        "sb.example.com",
        "https://sb.example.com/app",
        "ftp://x",
        "https://",
    ] {
        assert!(
            matches!(public_url(bad.into()), Err(ConfigError::PublicUrl(_))),
            "{bad}"
        );
    }
}

#[test]
fn a_bad_listen_address_and_a_missing_ui_are_explained() {
    let bad_listen = ServeArgs {
        listen: "localhost".into(),
        ..args()
    };
    assert!(matches!(
        Config::from_args(bad_listen),
        Err(ConfigError::Listen(_))
    ));
    let no_ui = ServeArgs {
        ui_dir: Some("/nonexistent".into()),
        ..args()
    };
    assert!(matches!(
        Config::from_args(no_ui),
        Err(ConfigError::UiMissing(_))
    ));
}
