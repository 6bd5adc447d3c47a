-- 0014: the decision that issued a handbook (issue 19) — its number, date and issuer, for the
-- handbook version it issued. Editions of that version name it on their cover (each edition
-- freezes it in its snapshot); a later decision replaces the row.
CREATE TABLE handbook_decisions (
    handbook_id TEXT PRIMARY KEY REFERENCES handbooks (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    number      TEXT NOT NULL CHECK (number <> ''),
    date        TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
