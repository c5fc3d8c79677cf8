-- An import row's problems as the catalog of refusals has them (a JSON list of key and values),
-- so the page says them in the operator's language; none for a row stored before.
ALTER TABLE pairing_import_rows ADD COLUMN error_said TEXT;
