-- What several instances on one database share: failed sign-ins (the throttle), which instances are
-- alive, and which of them holds each piece of background work. Times here are UTC milliseconds.

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    -- 'user:' and the lower-cased username, or 'address:' and the IP address.
    key TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at_ms);

-- Each running instance notes itself here every few seconds; work held by an instance that has not
-- been seen for a while is taken over by another.
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    started_at_ms BIGINT NOT NULL,
    seen_at_ms BIGINT NOT NULL
);

ALTER TABLE pairing_import_rows ADD COLUMN held_by TEXT;
ALTER TABLE opt_in_relays ADD COLUMN held_by TEXT;
ALTER TABLE unsettled_pairings ADD COLUMN held_by TEXT;
