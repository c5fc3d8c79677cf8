-- What admins decide for every pairing (`settings::Settings`), one JSON value per key.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A pairing's timers as Switchboard set them (its attributes' `end`), so that a message seen by the
-- mirror moves the row's `inactive_at_ms` and `closed_at_ms` as it moves Twilio's timers.
ALTER TABLE mirror_conversations ADD COLUMN inactive_after_ms BIGINT;
ALTER TABLE mirror_conversations ADD COLUMN close_after_ms BIGINT;
