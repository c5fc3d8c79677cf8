//! Who is signed in, shared by every page through context.

use leptos::prelude::*;
use switchboard_core::api::{Role, SessionInfo, StaffUser};

use crate::{api, i18n};

/// The signed-in person (`None` when nobody is) and whether the server has been asked yet.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<StaffUser>>,
    pub checked: RwSignal<bool>,
}

impl Session {
    /// Provides the session to the app and asks the server who is signed in.
    pub fn provide() -> Session {
        let session = Session {
            user: RwSignal::new(None),
            checked: RwSignal::new(false),
        };
        provide_context(session);
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::current_session().await {
                if let Some(info) = &found {
                    speak_language_of(&info.user);
                }
                session.user.set(found.map(|info| info.user));
            }
            session.checked.set(true);
        });
        session
    }

    pub fn get() -> Session {
        expect_context::<Session>()
    }

    pub fn signed_in(&self, info: SessionInfo) {
        speak_language_of(&info.user);
        self.user.set(Some(info.user));
        self.checked.set(true);
    }

    pub fn signed_out(&self) {
        self.user.set(None);
    }

    /// Whether the signed-in person has at least `role`.
    pub fn allows(&self, role: Role) -> bool {
        self.user
            .with(|user| user.as_ref().is_some_and(|u| u.role >= role))
    }
}

/// Switches to the language `user` chose, else their browser's, once they are known to be signed in.
fn speak_language_of(user: &StaffUser) {
    let language = i18n::language_of_account(user.language);
    if language != i18n::language_untracked() {
        leptos::task::spawn_local(async move {
            let _ = i18n::choose_language(language, false).await;
        });
    }
}
