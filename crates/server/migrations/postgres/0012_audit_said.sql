-- A failed change's reason as the catalog of refusals has it (JSON: key and values), so the audit
-- page says it in the reader's language; none for an entry written before or a fault of the server.
ALTER TABLE audit_log ADD COLUMN error_said TEXT;
