-- 0004: publishing — frozen editions and the distribution log.

-- An edition is immutable: the chapters and variables as they were, and the approval record.
CREATE TABLE editions (
    id           TEXT PRIMARY KEY,
    handbook_id  TEXT NOT NULL REFERENCES handbooks (id) ON DELETE CASCADE,
    label        TEXT NOT NULL,
    date         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    snapshot     TEXT NOT NULL CHECK (json_valid(snapshot)),
    approval     TEXT NOT NULL CHECK (json_valid(approval)),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (handbook_id, label)
) STRICT;

-- Every file handed out: which copy (serial) went to whom, in which format, with its hash.
CREATE TABLE copies (
    id          TEXT PRIMARY KEY,
    edition_id  TEXT NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    serial      INTEGER NOT NULL,
    recipient   TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    replaces    INTEGER,
    UNIQUE (edition_id, serial, format)
) STRICT;

CREATE INDEX copies_by_hash ON copies (sha256);
