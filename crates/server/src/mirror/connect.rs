//! Connecting the account's post-event webhooks to this server: what Twilio has at the account and
//! service levels, what connecting would change, and the change itself, made only when the URL in
//! force is still the one the admin was shown.

use switchboard_core::api::{AccountEvents, EventsTarget};
use switchboard_twilio::EventConfigurationUpdate;
use switchboard_twilio::wire::EventConfiguration;

use super::MirrorError;
use super::event::FILTERS;
use super::runs;
use crate::db::now_millis;
use crate::error::said;
use crate::state::AppState;

/// Where Twilio posts the events the mirror follows, below the public URL.
pub const HOOK_PATH: &str = "/hooks/twilio/events";

/// Both levels as Twilio has them.
struct Levels {
    account: EventConfiguration,
    service_sid: Option<String>,
    service: Option<EventConfiguration>,
}

impl Levels {
    /// The service level takes the account level's place when it sets a post-event URL.
    fn service_in_force(&self) -> bool {
        self.service.as_ref().is_some_and(|s| post_url(s).is_some())
    }

    fn in_force(&self) -> &EventConfiguration {
        match &self.service {
            Some(service) if self.service_in_force() => service,
            _ => &self.account,
        }
    }
}

fn post_url(level: &EventConfiguration) -> Option<&str> {
    level.post_webhook_url.as_deref().filter(|u| !u.is_empty())
}

pub fn our_url(state: &AppState) -> String {
    format!("{}{HOOK_PATH}", state.public_base)
}

async fn read_levels(state: &AppState) -> Result<Levels, MirrorError> {
    let (account, configuration) = tokio::join!(
        state.twilio.account_event_configuration(),
        state.twilio.account_configuration()
    );
    let service_sid = configuration?.default_chat_service_sid;
    let service = match &service_sid {
        Some(sid) => Some(state.twilio.service_event_configuration(sid).await?),
        None => None,
    };
    Ok(Levels {
        account: account?,
        service_sid,
        service,
    })
}

fn target(level: &EventConfiguration) -> EventsTarget {
    EventsTarget {
        post_webhook_url: post_url(level).map(str::to_owned),
        pre_webhook_url: level.pre_webhook_url.clone().filter(|u| !u.is_empty()),
        method: level.method.clone(),
        filters: level.filters.clone().unwrap_or_default(),
    }
}

/// What would have to change for the level in force to post every event the mirror needs to `ours`.
fn changes(levels: &Levels, ours: &str) -> Vec<String> {
    let level = levels.in_force();
    let name = if levels.service_in_force() {
        "service"
    } else {
        "account"
    };
    let mut changes = Vec::new();
    match post_url(level) {
        Some(url) if url == ours => {}
        Some(url) => changes.push(format!(
            "The {name} level's post-event URL changes from {url} to {ours}; whatever reads {url} stops receiving events."
        )),
        None => changes.push(format!("The {name} level's post-event URL is set to {ours}.")),
    }
    if !level
        .method
        .as_deref()
        .is_some_and(|m| m.eq_ignore_ascii_case("post"))
    {
        changes.push("Events are posted (method POST), as the signature check needs.".to_owned());
    }
    let filters = level.filters.clone().unwrap_or_default();
    let missing: Vec<&str> = FILTERS
        .iter()
        .copied()
        .filter(|f| !filters.iter().any(|have| have == f))
        .collect();
    if !missing.is_empty() {
        changes.push(format!(
            "These events are added to the filters, keeping the others: {}.",
            missing.join(", ")
        ));
    }
    changes
}

/// `GET /api/v1/account-events`; notes in 'events' whether the configuration points at us.
pub async fn account_events(state: &AppState) -> Result<AccountEvents, MirrorError> {
    let levels = read_levels(state).await?;
    let ours = our_url(state);
    let changes = changes(&levels, &ours);
    let connected = changes.is_empty();
    runs::set_events(&state.db, connected.then(now_millis)).await?;
    Ok(AccountEvents {
        account: target(&levels.account),
        service: levels
            .service
            .as_ref()
            .filter(|_| levels.service_in_force())
            .map(target),
        our_url: ours,
        connected,
        changes,
    })
}

/// Points the level in force at this server, unless its post-event URL is no longer `replacing`.
pub async fn connect(
    state: &AppState,
    replacing: Option<&str>,
) -> Result<AccountEvents, MirrorError> {
    let levels = read_levels(state).await?;
    let level = levels.in_force();
    let current = post_url(level);
    let replacing = replacing.filter(|u| !u.is_empty());
    if current != replacing {
        return Err(MirrorError::Conflict(said!(
            post_url_changed,
            now = current.unwrap_or("—"),
            shown = replacing.unwrap_or("—")
        )));
    }
    let mut filters = level.filters.clone().unwrap_or_default();
    for f in FILTERS {
        if !filters.iter().any(|have| have == f) {
            filters.push((*f).to_owned());
        }
    }
    let update = EventConfigurationUpdate {
        method: Some("POST".to_owned()),
        filters: Some(filters),
        pre_webhook_url: None,
        post_webhook_url: Some(our_url(state)),
    };
    match (&levels.service_sid, levels.service_in_force()) {
        (Some(service), true) => {
            state
                .twilio
                .update_service_event_configuration(service, &update)
                .await?;
        }
        _ => {
            state
                .twilio
                .update_account_event_configuration(&update)
                .await?;
        }
    }
    account_events(state).await
}

/// On the sandbox, connects whatever is configured there (nobody else's URL to keep).
pub async fn connect_sandbox(state: &AppState) -> Result<(), MirrorError> {
    let levels = read_levels(state).await?;
    let current = post_url(levels.in_force()).map(str::to_owned);
    connect(state, current.as_deref()).await.map(drop)
}
