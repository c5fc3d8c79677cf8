-- Pairings whose create call failed in a way that may hide a conversation made upstream, and whose
-- look-up by unique name has not succeeded yet; each is retried until settled, across restarts.
-- Times are UTC seconds since 1970.

CREATE TABLE unsettled_pairings (
    unique_name TEXT PRIMARY KEY,
    noted_at BIGINT NOT NULL
);
