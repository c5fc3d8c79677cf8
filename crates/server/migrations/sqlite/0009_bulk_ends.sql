-- Ending many conversations in one step: each bulk end and each of its conversations, stored before
-- any is ended, so progress survives a restart and an interrupted one is carried on by any instance
-- (`held_by`, as import rows). Times are UTC seconds since 1970.

CREATE TABLE bulk_ends (
    id INTEGER PRIMARY KEY,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);

CREATE TABLE bulk_end_rows (
    bulk_id BIGINT NOT NULL REFERENCES bulk_ends (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    conversation_sid TEXT NOT NULL,
    friendly_name TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'ended', 'failed')),
    note TEXT,
    held_by TEXT,
    PRIMARY KEY (bulk_id, position)
);
