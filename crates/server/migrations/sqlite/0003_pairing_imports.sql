-- Bulk pairing from CSV: each import and each of its rows, so progress survives a restart and an
-- interrupted import resumes where it stopped. Times are UTC seconds since 1970.

CREATE TABLE pairing_imports (
    id INTEGER PRIMARY KEY,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);

CREATE TABLE pairing_import_rows (
    import_id BIGINT NOT NULL REFERENCES pairing_imports (id) ON DELETE CASCADE,
    line BIGINT NOT NULL,
    friendly_name TEXT NOT NULL,
    -- The PairingRequest as JSON; NULL when the row could not be read.
    request TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'created', 'failed')),
    conversation_sid TEXT,
    error TEXT,
    PRIMARY KEY (import_id, line)
);
