-- 0002: authoring — revisions of every chapter, review comments, the workflow's history,
-- handbook versions, and attachments stored content-addressed.

ALTER TABLE handbooks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Every saved state of a chapter. No foreign key to chapters: the history of a removed chapter
-- stays. `number` counts revisions within a handbook (1, 2, 3…), as users name them.
CREATE TABLE revisions (
    id            TEXT PRIMARY KEY,
    handbook_id   TEXT NOT NULL REFERENCES handbooks (id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    chapter_id    TEXT NOT NULL,
    chapter_key   TEXT NOT NULL,
    chapter_title TEXT NOT NULL,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('create', 'edit', 'restore', 'rename', 'add', 'remove')),
    source        TEXT NOT NULL,
    author        TEXT NOT NULL,
    message       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    UNIQUE (handbook_id, number)
) STRICT;

CREATE INDEX revisions_by_chapter ON revisions (chapter_id, number);

CREATE TABLE comments (
    id          TEXT PRIMARY KEY,
    handbook_id TEXT NOT NULL REFERENCES handbooks (id) ON DELETE CASCADE,
    chapter_id  TEXT NOT NULL,
    author      TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at  TEXT NOT NULL,
    resolved_by TEXT,
    resolved_at TEXT
) STRICT;

CREATE INDEX comments_by_handbook ON comments (handbook_id, created_at);

CREATE TABLE status_changes (
    id          TEXT PRIMARY KEY,
    handbook_id TEXT NOT NULL REFERENCES handbooks (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    by          TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX status_changes_by_handbook ON status_changes (handbook_id, at);

-- File contents by SHA-256 (hex), stored once however many handbooks use them.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size       INTEGER NOT NULL,
    mime       TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- A handbook's images and attachments by the name chapters use: ![Ao nuôi](anh/ao-01.jpg).
CREATE TABLE attachments (
    handbook_id TEXT NOT NULL REFERENCES handbooks (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    sha256      TEXT NOT NULL REFERENCES blobs (sha256),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (handbook_id, name)
) STRICT;

-- Chapters made from a template before this migration get their first revision.
INSERT INTO revisions (id, handbook_id, number, chapter_id, chapter_key, chapter_title, kind,
                       source, author, message, created_at)
SELECT c.id || '-r1', c.handbook_id,
       (SELECT count(*) FROM chapters c2
         WHERE c2.handbook_id = c.handbook_id AND c2.position <= c.position),
       c.id, c.key, c.title, 'create', c.source, 'sotay', '', c.updated_at
FROM chapters c;
