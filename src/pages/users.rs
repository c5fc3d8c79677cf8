//! Admins: every member of staff, with their role and whether they may sign in; add new ones.

use leptos::prelude::*;
use switchboard_core::api::{NewUser, Role, StaffUser, UserUpdate};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::format::local_time;
use crate::i18n::{self, t, tr};

/// A change to the staff; an update carries the sentence that says it was made.
#[derive(Debug, Clone)]
enum StaffChange {
    Add(NewUser),
    Update {
        id: i64,
        update: UserUpdate,
        done: String,
    },
}

/// The sentence saying a change was made, or why it was not.
type Outcome = Result<String, String>;

/// The account being typed in the add form; it empties once the account is added.
#[derive(Clone, Copy)]
struct NewAccount {
    username: RwSignal<String>,
    password: RwSignal<String>,
    role: RwSignal<Role>,
}

impl NewAccount {
    fn new() -> NewAccount {
        NewAccount {
            username: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            role: RwSignal::new(Role::Operator),
        }
    }

    /// Makes the change, and empties the add form once its account exists.
    async fn apply(self, change: StaffChange) -> Outcome {
        match change {
            StaffChange::Add(user) => {
                let name = user.username.clone();
                let added = api::create_user(user).await;
                if added.is_ok() {
                    self.username.set(String::new());
                    self.password.set(String::new());
                }
                added.map(|_| i18n::user_added(&name))
            }
            StaffChange::Update { id, update, done } => {
                api::update_user(id, update).await.map(|_| done)
            }
        }
        .map_err(|e| e.message)
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let account = NewAccount::new();
    let change = Action::new_local(move |change: &StaffChange| account.apply(change.clone()));
    let users = LocalResource::new(move || {
        change.version().track();
        api::users()
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{tr(|t| t.users_title)}</h1>
            {move || change.value().get().map(|outcome| match outcome {
                Ok(message) => view! { <p class="notice notice-ok" role="status">{message}</p> }.into_any(),
                Err(message) => view! { <p class="notice notice-error" role="alert">{message}</p> }.into_any(),
            })}
            <Transition fallback=|| view! { <p class="loading" role="status">{tr(|t| t.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        users.await.map(|list| view! { <UsersTable users=list.users change/> })
                    })}
                </ErrorBoundary>
            </Transition>
            <AddUser account change/>
        </section>
    }
}

#[component]
fn UsersTable(users: Vec<StaffUser>, change: Action<StaffChange, Outcome>) -> impl IntoView {
    let update = move |id: i64, update: UserUpdate, done: String| {
        change.dispatch(StaffChange::Update { id, update, done });
    };
    view! {
        <table class="data users">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.username)}</th>
                    <th scope="col">{tr(|t| t.role)}</th>
                    <th scope="col">{tr(|t| t.account_state)}</th>
                    <th scope="col">{tr(|t| t.column_created)}</th>
                </tr>
            </thead>
            <tbody>
                {users.into_iter().map(|user| {
                    let id = user.id;
                    let name = user.username.clone();
                    let role_label = i18n::role_of_user(&user.username);
                    let toggle_name = name.clone();
                    let (toggle, toggled) = if user.disabled {
                        (t().enable, false)
                    } else {
                        (t().disable, true)
                    };
                    view! {
                        <tr data-username=user.username.clone()>
                            <td>{user.username.clone()}</td>
                            <td>
                                <select aria-label=role_label on:change=move |e| {
                                    if let Some(role) = Role::parse(&event_target_value(&e)) {
                                        let done = i18n::role_changed(&name, role);
                                        update(id, UserUpdate { role: Some(role), disabled: None }, done);
                                    }
                                }>
                                    {Role::ALL.into_iter().map(|role| view! {
                                        <option value=role.as_str() selected=role == user.role>{t().role_name(role)}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                            <td>
                                <span class="account-state">{if user.disabled { t().disabled } else { t().active }}</span>
                                " "
                                <button type="button" class="button-quiet" on:click=move |_| {
                                    let done = if toggled { i18n::user_disabled(&toggle_name) } else { i18n::user_enabled(&toggle_name) };
                                    update(id, UserUpdate { role: None, disabled: Some(toggled) }, done);
                                }>{toggle}</button>
                            </td>
                            <td><time datetime=user.created_at.clone()>{local_time(&user.created_at)}</time></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn AddUser(account: NewAccount, change: Action<StaffChange, Outcome>) -> impl IntoView {
    let NewAccount {
        username,
        password,
        role,
    } = account;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        change.dispatch(StaffChange::Add(NewUser {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            role: role.get_untracked(),
        }));
    };
    view! {
        <form class="form form-inline" on:submit=submit aria-labelledby="add-user-title">
            <h2 id="add-user-title">{tr(|t| t.add_user)}</h2>
            <label for="new-username">{tr(|t| t.username)}</label>
            <input id="new-username" autocomplete="off" required
                prop:value=username on:input=move |e| username.set(event_target_value(&e))/>
            <label for="new-password">{tr(|t| t.password)}</label>
            <input id="new-password" type="password" autocomplete="new-password" required aria-describedby="new-password-hint"
                prop:value=password on:input=move |e| password.set(event_target_value(&e))/>
            <p id="new-password-hint" class="hint">{tr(|t| t.password_hint)}</p>
            <label for="new-role">{tr(|t| t.role)}</label>
            <select id="new-role" on:change=move |e| {
                if let Some(chosen) = Role::parse(&event_target_value(&e)) {
                    role.set(chosen);
                }
            }>
                {Role::ALL.into_iter().map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == r>{t().role_name(r)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button" disabled=change.pending()>{tr(|t| t.add_user)}</button>
        </form>
    }
}
