-- The account mirror: what the server keeps of every conversation, filled by a first walk of the
-- account, kept current by Twilio's post-event webhooks and the server's own writes, and mended by a
-- periodic reconcile. A cache: the conversation page still reads Twilio. Times are UTC milliseconds.

CREATE TABLE mirror_conversations (
    sid TEXT PRIMARY KEY,
    unique_name TEXT,
    friendly_name TEXT,
    -- The attributes' `reference` (or `order`).
    reference TEXT,
    state TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    -- Twilio's date_updated: an event or read older than this is ignored.
    updated_ms BIGINT NOT NULL,
    -- The newest message's time, else created_ms: the list's default sort.
    activity_ms BIGINT NOT NULL,
    -- Twilio's timers: when the conversation becomes inactive, and closed.
    inactive_at_ms BIGINT,
    closed_at_ms BIGINT,
    -- 'sms', 'whatsapp', 'mixed' or '' (no phone participant).
    channels TEXT NOT NULL DEFAULT '',
    -- Lower-cased names, reference, people's names and addresses, for `LIKE '%…%'`.
    search TEXT NOT NULL DEFAULT '',
    last_message_index BIGINT,
    last_message_ms BIGINT,
    last_message_author TEXT,
    last_message_preview TEXT,
    last_failure_index BIGINT,
    last_failure_participant TEXT,
    last_failure_code BIGINT,
    last_failure_ms BIGINT,
    -- The earliest end of a WhatsApp person's window (NULL: no WhatsApp person; 0: one never wrote).
    window_until_ms BIGINT,
    -- When Twilio last confirmed this row (walk, reconcile, event or the server's own write).
    confirmed_ms BIGINT NOT NULL,
    -- Set when Twilio said it was removed, so a late event cannot bring it back.
    removed_ms BIGINT
);
CREATE INDEX mirror_conversations_activity ON mirror_conversations (activity_ms DESC, sid);
CREATE INDEX mirror_conversations_created ON mirror_conversations (created_ms DESC, sid);
CREATE INDEX mirror_conversations_state ON mirror_conversations (state, activity_ms DESC);
-- Any part of a name, reference or number: `search LIKE '%…%'` through trigrams (FTS5), kept equal
-- to the conversations' `search` by these triggers, matched by rowid (the server never runs VACUUM,
-- which could renumber it).
CREATE VIRTUAL TABLE mirror_search USING fts5(sid UNINDEXED, search, tokenize = 'trigram');
CREATE TRIGGER mirror_search_added AFTER INSERT ON mirror_conversations BEGIN
    INSERT INTO mirror_search (rowid, sid, search) VALUES (new.rowid, new.sid, new.search);
END;
CREATE TRIGGER mirror_search_changed AFTER UPDATE OF search ON mirror_conversations BEGIN
    UPDATE mirror_search SET search = new.search WHERE rowid = new.rowid;
END;
CREATE TRIGGER mirror_search_deleted AFTER DELETE ON mirror_conversations BEGIN
    DELETE FROM mirror_search WHERE rowid = old.rowid;
END;

CREATE TABLE mirror_participants (
    sid TEXT PRIMARY KEY,
    conversation_sid TEXT NOT NULL,
    -- 'sms', 'whatsapp' or NULL (chat).
    channel TEXT,
    address TEXT,
    proxy_address TEXT,
    identity TEXT,
    name TEXT,
    -- When Twilio added the person (plus the person's place in Twilio's list, which orders people
    -- added within one second): a conversation's people are listed in this order.
    created_ms BIGINT NOT NULL DEFAULT 0,
    updated_ms BIGINT NOT NULL,
    -- The last message this person wrote on their own channel: opens the WhatsApp window.
    last_inbound_ms BIGINT,
    removed_ms BIGINT
);
CREATE INDEX mirror_participants_conversation ON mirror_participants (conversation_sid);
CREATE INDEX mirror_participants_address ON mirror_participants (address);
CREATE INDEX mirror_participants_proxy ON mirror_participants (proxy_address);
-- Needs attention: WhatsApp windows closing soon.
CREATE INDEX mirror_participants_inbound ON mirror_participants (last_inbound_ms);

-- Each failed delivery of a message to a participant, until a later delivery to them succeeds.
CREATE TABLE mirror_failures (
    conversation_sid TEXT NOT NULL,
    message_index BIGINT NOT NULL,
    participant_sid TEXT NOT NULL,
    error_code BIGINT,
    failed_ms BIGINT NOT NULL,
    cleared_ms BIGINT,
    PRIMARY KEY (conversation_sid, message_index, participant_sid)
);
CREATE INDEX mirror_failures_recent ON mirror_failures (failed_ms DESC);

-- The first walk and the reconcile: one row each ('walk', 'reconcile'), held like other background
-- work, resumed from `cursor` (Twilio's page token) after a restart.
CREATE TABLE mirror_runs (
    name TEXT PRIMARY KEY,
    cursor TEXT,
    done BIGINT NOT NULL DEFAULT 0,
    started_ms BIGINT,
    finished_ms BIGINT,
    held_by TEXT
);

-- Every event published to pages, so a stream resumed with Last-Event-ID gets what it missed.
CREATE TABLE event_log (
    id INTEGER PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    body TEXT NOT NULL
);
