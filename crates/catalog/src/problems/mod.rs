//! The server's refusals, in each language: the API answers with one's key and the values of its
//! named parts beside the English sentence, and a page in another language says it in its own words.
//! The browser never links these: it receives the current language's texts with its catalog.

mod ar;
mod en;
mod es;
mod fr;
mod pt_br;

pub use ar::AR;
pub use en::EN;
pub use es::ES;
pub use fr::FR;
pub use pt_br::PT_BR;

keys! {
    /// One language's refusals, by key; a language that misses one does not compile.
    Problems {
        unauthenticated, cross_site, too_large, throttled, database_unavailable, internal,
        twilio_unreachable, twilio_unexpected, no_route, method_not_allowed, twilio_credentials,
        twilio_not_found, twilio_busy, pair_in_use, already_participant, own_number, webhook_limit,
        closed, participant_limit, template_values, twilio_error, sign_in_wrong, sign_in_disabled,
        needs_role, password_wrong, setup_done, setup_link_invalid, username_taken, no_account,
        last_admin, message_empty, message_too_long, window_closed, window_not_yet,
        conversation_name, pair_in_use_short, not_a_participant, author_not_participant,
        extend_range, already_closed, no_end_to_extend, end_inactive_short, end_close_short,
        end_too_long, end_inactive_after_close,
        no_template, bulk_none_chosen, bulk_too_many, bulk_needs_mirror, no_bulk_end,
        no_import, bulk_sids_or_matching, walk_under_way, url_missing, url_not_address,
        url_scheme, url_credentials, url_too_long, import_no_column, import_too_many,
        import_no_rows, sandbox_only, opt_in_needs_token, opt_in_whatsapp, opt_in_waiting,
        no_conversation, number_empty, number_country_code, number_characters, number_length,
        number_leading_zero, template_malformed, template_missing, template_empty,
        template_line_break, template_spaces, template_value_long, template_body_long,
        template_unknown, username_length, username_characters, password_short, password_long,
        template_not_approved, number_whatsapp_on_sms, proxy_not_a_number, no_proxies,
        proxy_not_ours, same_person, pairing_side, pair_held_use_free, pair_held, not_a_language,
        side_language, import_name_empty, import_name_long, import_not_duration, import_cell,
        import_not_channel, import_channel_empty, import_row_unreadable,
        import_row_stored_unreadable, reconcile_busy, post_url_changed, webhook_target,
        webhook_method, webhook_event, webhook_flow_sid, webhook_no_events, webhook_keywords,
        webhook_keyword_length, opt_in_customer, opt_in_rider, list_sort, list_channel,
        list_number, list_window, list_failed, list_cursor_sort, list_state, list_page_size,
        search_number, list_cursor, filter_needs_filling_mirror, filter_needs_mirror,
        transcript_format, last_event_id, audit_limit, no_language, sandbox_address, no_account_id,
        not_a_conversation_sid, import_first_line, body_not_object, nothing_at, phone_address,
        phone_body_empty, phone_to_not_ours, body_not_json_type, body_not_json, body_unreadable,
        message_one_content, body_field_missing, body_field_unknown, body_field_wrong,
        query_missing, query_unknown, query_wrong, nothing_at_sid,
    }
}

#[cfg(test)]
mod tests;
