//! Twilio's error codes in words an operator can act on.

use axum::http::StatusCode;
use switchboard_twilio::TwilioErrorBody;

use crate::error::{Sentence, said};

/// The status, stable code and sentence for a Twilio refusal.
pub fn explain(error: &TwilioErrorBody) -> (StatusCode, &'static str, Sentence) {
    match error.code {
        20003 => (
            StatusCode::BAD_GATEWAY,
            "twilio_credentials",
            said!(twilio_credentials),
        ),
        20404 => (StatusCode::NOT_FOUND, "not_found", said!(twilio_not_found)),
        20429 => (
            StatusCode::SERVICE_UNAVAILABLE,
            "twilio_busy",
            said!(twilio_busy),
        ),
        50416 | 50425 => (StatusCode::CONFLICT, "pair_in_use", said!(pair_in_use)),
        50437 | 50433 => (
            StatusCode::CONFLICT,
            "already_participant",
            said!(already_participant),
        ),
        50409 => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            said!(own_number),
        ),
        50361 => (StatusCode::CONFLICT, "webhook_limit", said!(webhook_limit)),
        50377 => (StatusCode::CONFLICT, "closed", said!(closed)),
        50422 | 50417 => (
            StatusCode::CONFLICT,
            "participant_limit",
            said!(participant_limit),
        ),
        50527 | 50528 | 50541 | 21656 => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "template_values",
            said!(template_values),
        ),
        _ => fallback(error),
    }
}

fn fallback(error: &TwilioErrorBody) -> (StatusCode, &'static str, Sentence) {
    let status = if error.status == 429 || error.status >= 500 {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::BAD_GATEWAY
    };
    let sentence = said!(twilio_error, code = error.code, reason = &error.message);
    (status, "twilio_error", sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: u32, status: u16) -> TwilioErrorBody {
        TwilioErrorBody {
            code,
            message: "raw".into(),
            more_info: None,
            status,
        }
    }

    #[test]
    fn known_codes_become_sentences_and_the_rest_keep_twilios_words() {
        assert_eq!(explain(&body(50361, 400)).0, StatusCode::CONFLICT);
        assert!(
            explain(&body(20003, 401))
                .2
                .to_string()
                .contains("TWILIO_AUTH_TOKEN")
        );
        let unknown = explain(&body(12345, 400));
        assert_eq!(
            (unknown.1, unknown.2.to_string().as_str()),
            (
                "twilio_error",
                "Twilio refused the request (error 12345): raw"
            )
        );
        assert_eq!(
            explain(&body(20500, 503)).0,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
