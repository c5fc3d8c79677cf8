//! Filter forms and where sign-in leads.

use super::*;

#[wasm_bindgen_test]
fn after_sign_in_only_a_path_of_this_site_is_followed() {
    use switchboard_ui::api::after_sign_in;
    assert_eq!(
        after_sign_in(Some("/audit?actor=x".into())),
        "/audit?actor=x"
    );
    assert_eq!(
        after_sign_in(Some("//evil.example".into())),
        "/conversations"
    );
    assert_eq!(
        after_sign_in(Some("https://evil.example".into())),
        "/conversations"
    );
    assert_eq!(after_sign_in(None), "/conversations");
}

#[wasm_bindgen_test]
fn a_filter_form_puts_only_the_filled_in_fields_trimmed_into_the_url_query() {
    let window = web_sys::window().unwrap();
    let before = window.location().href().unwrap();
    let container = render(|| {
        view! {
            <Router>
                <FilterForm action="/audit">
                    <input name="actor" value=""/>
                    <input name="action" value="  user.create "/>
                    <input name="target" value="CH1 x"/>
                    <button type="submit">"Filter"</button>
                </FilterForm>
            </Router>
        }
        .into_any()
    });
    let form: web_sys::HtmlFormElement = container
        .query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(form.get_attribute("role").as_deref(), Some("search"));
    let button: web_sys::HtmlElement = container
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    form.request_submit_with_submitter(Some(&button)).unwrap();
    let location = window.location();
    let (path, search) = (location.pathname().unwrap(), location.search().unwrap());
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
    assert_eq!(path, "/audit");
    assert_eq!(search, "?action=user.create&target=CH1+x");
}
