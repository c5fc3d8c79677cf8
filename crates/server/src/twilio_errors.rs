//! Twilio's error codes in words an operator can act on.

use axum::http::StatusCode;
use switchboard_twilio::TwilioErrorBody;

/// The status, stable code and sentence for a Twilio refusal.
pub fn explain(error: &TwilioErrorBody) -> (StatusCode, &'static str, String) {
    let (status, code, sentence) = match error.code {
        20003 => (
            StatusCode::BAD_GATEWAY,
            "twilio_credentials",
            "Twilio refused Switchboard's credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or the API key).",
        ),
        20404 => (
            StatusCode::NOT_FOUND,
            "not_found",
            "Twilio has no such resource: it may have been deleted.",
        ),
        20429 => (
            StatusCode::SERVICE_UNAVAILABLE,
            "twilio_busy",
            "Twilio is busy and asked Switchboard to slow down. Try again in a minute.",
        ),
        50416 | 50425 => (
            StatusCode::CONFLICT,
            "pair_in_use",
            "One of these people already talks through that business number in an open conversation: choose another number or close that conversation.",
        ),
        50437 | 50433 => (
            StatusCode::CONFLICT,
            "already_participant",
            "This person is already in the conversation.",
        ),
        50409 => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "The business number cannot be the person's own number.",
        ),
        50361 => (
            StatusCode::CONFLICT,
            "webhook_limit",
            "This conversation already has 5 webhooks, Twilio's limit: delete one before adding another.",
        ),
        50377 => (
            StatusCode::CONFLICT,
            "closed",
            "This conversation is closed, and a closed conversation cannot change.",
        ),
        50422 | 50417 => (
            StatusCode::CONFLICT,
            "participant_limit",
            "This conversation has as many participants as Twilio allows.",
        ),
        50527 | 50528 | 50541 | 21656 => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "template_values",
            "Twilio refused the template's values: fill every placeholder with a short value without line breaks.",
        ),
        _ => return fallback(error),
    };
    (status, code, sentence.to_owned())
}

fn fallback(error: &TwilioErrorBody) -> (StatusCode, &'static str, String) {
    let status = if error.status == 429 || error.status >= 500 {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::BAD_GATEWAY
    };
    (
        status,
        "twilio_error",
        format!(
            "Twilio refused the request (error {}): {}",
            error.code, error.message
        ),
    )
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
        assert!(explain(&body(20003, 401)).2.contains("TWILIO_AUTH_TOKEN"));
        let unknown = explain(&body(12345, 400));
        assert_eq!(
            (unknown.1, unknown.2.as_str()),
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
