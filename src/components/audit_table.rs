//! The audit log as a table.

use leptos::prelude::*;
use switchboard_core::api::{AuditEntry, AuditOutcome};

use crate::format::local_time;
use crate::i18n::{self, tr};

/// The audit log: one row per recorded change, with how it ended and why it failed.
#[component]
pub fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">{tr(|t| t.no_audit_entries)}</p> }.into_any();
    }
    view! {
        <table class="data audit">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.column_when)}</th>
                    <th scope="col">{tr(|t| t.column_person)}</th>
                    <th scope="col">{tr(|t| t.column_action)}</th>
                    <th scope="col">{tr(|t| t.column_target)}</th>
                    <th scope="col">{tr(|t| t.column_result)}</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|entry| {
                    let result = match entry.outcome {
                        AuditOutcome::Ok => view! { <span class="state state-active">{tr(|t| t.outcome_ok)}</span> }.into_any(),
                        AuditOutcome::Failed => view! {
                            <span class="state state-failed">{tr(|t| t.outcome_failed)}</span>
                            " "
                            <span class="failure">{entry.said.as_ref().and_then(i18n::refusal).or(entry.error.clone()).unwrap_or_default()}</span>
                        }.into_any(),
                    };
                    let action = entry.action.clone();
                    view! {
                        <tr data-action=action>
                            <td><time datetime=entry.at.clone()>{local_time(&entry.at)}</time></td>
                            <td>{entry.actor}</td>
                            <td>
                                {i18n::audit_action(&entry.action).map(|words| view! { <span class="audit-words">{words}</span>" " })}
                                <code>{entry.action}</code>
                            </td>
                            <td>{entry.target.unwrap_or_default()}</td>
                            <td>{result}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
