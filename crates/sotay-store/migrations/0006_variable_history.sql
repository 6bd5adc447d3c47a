-- 0006: the history of a handbook's variables, like chapters' revisions: one row per changed
-- key per save (who, when, the value before and after as JSON text; NULL where the key was
-- absent), numbered 1, 2, 3… per handbook, so a change can be seen and undone.
CREATE TABLE variable_changes (
    id          TEXT PRIMARY KEY,
    handbook_id TEXT NOT NULL REFERENCES handbooks (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    key         TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    UNIQUE (handbook_id, number)
) STRICT;

CREATE INDEX variable_changes_by_key ON variable_changes (handbook_id, key, number);
