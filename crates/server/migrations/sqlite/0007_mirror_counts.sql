-- Counts per state and the list's filters read one index instead of every whole row (the server
-- names it in its counts: SQLite would otherwise walk the state index and read each row): the
-- business numbers a conversation's people are reached through (' +1555… +1555… ', E.164), and
-- `last_failure_index` standing for "has a failed delivery not yet followed by a delivered one".
ALTER TABLE mirror_conversations ADD COLUMN numbers TEXT NOT NULL DEFAULT '';
UPDATE mirror_conversations SET numbers = COALESCE((
    SELECT ' ' || replace(group_concat(DISTINCT replace(p.proxy_address, 'whatsapp:', '')), ',', ' ') || ' '
    FROM mirror_participants p
    WHERE p.conversation_sid = mirror_conversations.sid AND p.removed_ms IS NULL AND p.proxy_address IS NOT NULL
), '');
CREATE INDEX mirror_conversations_counted ON mirror_conversations
    (state, channels, window_until_ms, last_failure_index, numbers, search) WHERE removed_ms IS NULL;
-- Every list query asks for rows not removed: a partial index counts a state from the index alone.
DROP INDEX mirror_conversations_state;
CREATE INDEX mirror_conversations_state ON mirror_conversations (state, activity_ms DESC) WHERE removed_ms IS NULL;
