//! `AppError`: every failure a handler can answer with, as a JSON body with a sentence.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use switchboard_catalog::Problems;
use switchboard_core::api::{ErrorBody, Said};

/// A refusal in the words of the catalog of refusals: `said!(last_admin, username = name)`. The key
/// must be one of `Problems`, or this does not compile.
macro_rules! said {
    ($key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::error::Sentence::new(
            stringify!($key),
            switchboard_catalog::problems(switchboard_core::Language::English).$key,
        )
        $(.with(stringify!($name), $value))*
    };
}
pub(crate) use said;

/// A sentence of the catalog of refusals with its values: sent in English beside its key and
/// values, so the page can say it in the operator's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    key: &'static str,
    pattern: &'static str,
    values: Vec<(String, String)>,
    within: Vec<(&'static str, Sentence)>,
}

impl Sentence {
    pub fn new(key: &'static str, pattern: &'static str) -> Self {
        Sentence {
            key,
            pattern,
            values: Vec::new(),
            within: Vec::new(),
        }
    }

    /// Gives the part `{name}` its value.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.values.push((name.to_owned(), value.to_string()));
        self
    }

    /// Gives the part `{name}` another refusal as its value, said in the page's language too.
    pub fn within(self, name: &'static str, sentence: Sentence) -> Self {
        let mut outer = self.with(name, &sentence);
        outer.within.push((name, sentence));
        outer
    }

    /// A problem found by code the browser shares (`switchboard-core`), in the catalog's words.
    pub fn of(said: Said) -> Self {
        let english = switchboard_catalog::problems(switchboard_core::Language::English);
        let (key, pattern) = Problems::KEYS
            .iter()
            .find_map(|key| Some((*key, english.get(key).filter(|_| *key == said.key)?)))
            .expect("every shared problem is a refusal of the catalog (the catalog's tests)");
        said.values
            .into_iter()
            .fold(Sentence::new(key, pattern), |sentence, (name, value)| {
                sentence.with(&name, value)
            })
    }

    pub fn said(&self) -> Said {
        Said {
            key: self.key.to_owned(),
            values: self.values.iter().cloned().collect(),
            within: self
                .within
                .iter()
                .map(|(name, sentence)| ((*name).to_owned(), sentence.said()))
                .collect(),
        }
    }
}

/// The English sentence: each `{name}` replaced by its value in one pass.
impl std::fmt::Display for Sentence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut rest = self.pattern;
        while let Some(open) = rest.find('{') {
            f.write_str(&rest[..open])?;
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let value = self
                    .values
                    .iter()
                    .find(|(name, _)| name == &after[..close])?;
                Some((&value.1, &after[close + 1..]))
            });
            match value {
                Some((value, tail)) => {
                    f.write_str(value)?;
                    rest = tail;
                }
                None => {
                    f.write_str("{")?;
                    rest = after;
                }
            }
        }
        f.write_str(rest)
    }
}

/// Which refusal a `Sentence` is: its status and stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Invalid,
    Conflict,
    NotFound,
    Forbidden,
    SignInRefused,
}

impl Refusal {
    fn status_and_code(self) -> (StatusCode, &'static str) {
        match self {
            Refusal::Invalid => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            Refusal::Conflict => (StatusCode::CONFLICT, "conflict"),
            Refusal::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Refusal::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Refusal::SignInRefused => (StatusCode::UNAUTHORIZED, "sign_in_refused"),
        }
    }
}

/// Every failure an API handler can return. Each becomes a JSON `ErrorBody` whose message tells the
/// operator what to do; causes that are ours (500) are logged, not shown.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("there is no API route {0}")]
    NoRoute(String),
    #[error(transparent)]
    Upstream(#[from] switchboard_twilio::Error),
    #[error("Sign in to continue: your session is missing, ended or expired.")]
    Unauthenticated,
    #[error(
        "This change was refused because it did not come from the Switchboard page itself. Reload the page and try again."
    )]
    CrossSite,
    /// A sandbox refusal the catalog does not word (none the dashboard's pages can cause), with the
    /// sandbox's own status and sentence.
    #[error("{1}")]
    Sandbox(StatusCode, String),
    #[error(
        "The request is larger than this route accepts. Send less at once: a CSV import takes up to 10,000 rows per file."
    )]
    TooLarge,
    #[error("Too many failed sign-ins. Wait {0} seconds, then try again.")]
    Throttled(u64),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Internal(String),
    /// A refusal the catalog of refusals words, in every language.
    #[error("{1}")]
    Said(Refusal, Sentence),
}

impl AppError {
    pub fn invalid(sentence: Sentence) -> Self {
        AppError::Said(Refusal::Invalid, sentence)
    }

    pub fn conflict(sentence: Sentence) -> Self {
        AppError::Said(Refusal::Conflict, sentence)
    }

    pub fn not_found(sentence: Sentence) -> Self {
        AppError::Said(Refusal::NotFound, sentence)
    }

    pub fn forbidden(sentence: Sentence) -> Self {
        AppError::Said(Refusal::Forbidden, sentence)
    }
}

impl AppError {
    /// What the operator reads of a failure kept for later (an import row's, an audit entry's): the
    /// answer's sentence and, when the catalog of refusals holds it, its key and values.
    pub fn kept(&self) -> (String, Option<Said>) {
        let (_, body) = self.status_and_body();
        (body.message, body.said)
    }

    /// Logs a cause that is the server's or Twilio's, never shown to the operator.
    fn log(&self) {
        use switchboard_twilio::Error as Twilio;
        match self {
            AppError::Database(error) if crate::db::is_unreachable(error) => {
                tracing::warn!(%error, "the database could not be reached");
            }
            AppError::Database(_) | AppError::Internal(_) => {
                tracing::error!(error = %self, "request failed inside the server");
            }
            AppError::Upstream(Twilio::Api(_) | Twilio::Transport(_)) => {}
            AppError::Upstream(_) => {
                tracing::error!(error = %self, "unexpected answer from upstream");
            }
            _ => {}
        }
    }

    fn status_and_body(&self) -> (StatusCode, ErrorBody) {
        use switchboard_twilio::Error as Twilio;
        let plain = |status, code: &str, message: String| {
            let body = ErrorBody {
                code: code.to_owned(),
                message,
                said: None,
            };
            (status, body)
        };
        let said = |status, code: &str, sentence: Sentence| {
            let body = ErrorBody {
                code: code.to_owned(),
                message: sentence.to_string(),
                said: Some(sentence.said()),
            };
            (status, body)
        };
        match self {
            AppError::NoRoute(route) => said(
                StatusCode::NOT_FOUND,
                "not_found",
                said!(no_route, route = route),
            ),
            AppError::Unauthenticated => said(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                said!(unauthenticated),
            ),
            AppError::CrossSite => said(StatusCode::FORBIDDEN, "cross_site", said!(cross_site)),
            AppError::Sandbox(status, _) if *status == StatusCode::NOT_FOUND => {
                plain(*status, "not_found", self.to_string())
            }
            AppError::Sandbox(..) => plain(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                self.to_string(),
            ),
            AppError::TooLarge => {
                said(StatusCode::PAYLOAD_TOO_LARGE, "too_large", said!(too_large))
            }
            AppError::Throttled(seconds) => said(
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                said!(throttled, seconds = seconds),
            ),
            AppError::Said(refusal, sentence) => {
                let (status, code) = refusal.status_and_code();
                said(status, code, sentence.clone())
            }
            AppError::Database(error) if crate::db::is_unreachable(error) => said(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                said!(database_unavailable),
            ),
            AppError::Database(_) | AppError::Internal(_) => said(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                said!(internal),
            ),
            AppError::Upstream(Twilio::Api(error)) => {
                let (status, code, sentence) = crate::twilio_errors::explain(error);
                said(status, code, sentence)
            }
            AppError::Upstream(Twilio::Transport(_)) => said(
                StatusCode::SERVICE_UNAVAILABLE,
                "twilio_unreachable",
                said!(twilio_unreachable),
            ),
            AppError::Upstream(_) => said(
                StatusCode::BAD_GATEWAY,
                "twilio_unexpected",
                said!(twilio_unexpected),
            ),
        }
    }
}

/// Layer that gives axum's bare 405 a JSON body that says where to look (axum adds `Allow` after it).
pub async fn explain_method_not_allowed(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let sentence = said!(method_not_allowed, method = method);
    let body = ErrorBody {
        code: "method_not_allowed".into(),
        message: sentence.to_string(),
        said: Some(sentence.said()),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let mut explained = (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response();
    for (name, value) in &parts.headers {
        explained.headers_mut().entry(name).or_insert(value.clone());
    }
    explained
}

/// Seconds a client is asked to wait when the database cannot be reached.
const DATABASE_RETRY_AFTER: u64 = 2;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let (status, body) = self.status_and_body();
        let mut response = (status, Json(body)).into_response();
        let retry_after = match &self {
            AppError::Throttled(seconds) => Some(*seconds),
            AppError::Database(error) if crate::db::is_unreachable(error) => {
                Some(DATABASE_RETRY_AFTER)
            }
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
