-- Every sandbox record, stored whole as JSON; rowid keeps creation order across restarts.
CREATE TABLE records (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
