//! A search form whose fields become the page's URL query, so a view can be shared and Back returns
//! to it: leptos_router's `Form` with GET, leaving out the fields left empty.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Form;
use wasm_bindgen::JsCast;

/// `children` are the form's named fields and its submit button; submitting goes to `action` with
/// the filled-in fields, trimmed, as its query.
#[component]
pub fn FilterForm(action: &'static str, children: Children) -> impl IntoView {
    view! {
        <Form
            method="get"
            action
            on_form_data=Arc::new(keep_filled)
            attr:class="form form-inline filters"
            attr:role="search"
        >
            {children()}
        </Form>
    }
}

/// Trims every field and drops the empty ones, so the query holds only what narrows the view.
fn keep_filled(form: &web_sys::FormData) {
    let fields: Vec<(String, String)> = js_sys::try_iter(form)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair = entry.ok()?.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    for (name, value) in fields {
        match value.trim() {
            "" => form.delete(&name),
            value => {
                let _ = form.set_with_str(&name, value);
            }
        }
    }
}
