//! The masked route drawn left to right: person ⇄ our number ⇄ our number ⇄ person.

use leptos::prelude::*;
use switchboard_core::Channel;
use switchboard_core::api::ParticipantView;

use crate::i18n::{self, t, tr};
use crate::people::{channel_name, person, phone};

/// One end of the route: a person, how they are reached, and the business number they talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteEnd {
    pub name: String,
    pub number: Option<String>,
    pub channel: Channel,
    /// `None` while it is still to be chosen automatically.
    pub proxy: Option<String>,
}

impl RouteEnd {
    pub fn of(participant: &ParticipantView) -> RouteEnd {
        RouteEnd {
            name: person(participant),
            number: participant.address.as_deref().map(phone),
            channel: participant.channel.unwrap_or(Channel::Sms),
            proxy: participant.proxy_address.clone(),
        }
    }
}

/// One box of the drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteNode {
    pub title: String,
    pub detail: String,
    pub ours: bool,
}

/// The boxes from one person to the other; a business number both sides share is drawn once.
pub fn route_nodes(left: &RouteEnd, right: &RouteEnd) -> Vec<RouteNode> {
    let end = |side: &RouteEnd| RouteNode {
        title: side.name.clone(),
        detail: match &side.number {
            Some(number) => i18n::labelled(number, channel_name(side.channel)),
            None => channel_name(side.channel).to_owned(),
        },
        ours: false,
    };
    let ours = |side: &RouteEnd| RouteNode {
        title: t().our_number.to_owned(),
        detail: match &side.proxy {
            Some(proxy) => i18n::labelled(&phone(proxy), channel_name(side.channel)),
            None => i18n::labelled(t().chosen_automatically, channel_name(side.channel)),
        },
        ours: true,
    };
    let mut nodes = vec![end(left), ours(left)];
    let shared = left.proxy.is_some() && left.proxy == right.proxy;
    if !shared {
        nodes.push(ours(right));
    }
    nodes.push(end(right));
    nodes
}

#[component]
pub fn RouteDiagram(#[prop(into)] nodes: Signal<Vec<RouteNode>>) -> impl IntoView {
    view! {
        <ol class="route" aria-label=tr(|t| t.route_label)>
            {move || {
                let nodes = nodes.get();
                let last = nodes.len().saturating_sub(1);
                nodes
                    .into_iter()
                    .enumerate()
                    .map(|(i, node)| {
                        view! {
                            <li class=if node.ours { "route-node route-ours" } else { "route-node" }>
                                <strong>{node.title}</strong>
                                <span>{node.detail}</span>
                            </li>
                            {(i < last).then(|| view! { <li class="route-link" aria-hidden="true">"⇄"</li> })}
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}
