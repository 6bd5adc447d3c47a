-- 0001: handbooks with their chapters, pilot models, settings, workspace metadata.
-- Ids are UUIDv7 strings so records made on two machines merge without clashes.
-- Times are RFC 3339 strings in UTC.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE handbooks (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    product          TEXT NOT NULL,
    template_id      TEXT NOT NULL,
    template_version TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'review', 'approved', 'published')),
    variables        TEXT NOT NULL CHECK (json_valid(variables)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE chapters (
    id          TEXT PRIMARY KEY,
    handbook_id TEXT NOT NULL REFERENCES handbooks (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('M', 'R', 'O')),
    source      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (handbook_id, key)
) STRICT;

CREATE INDEX chapters_by_handbook ON chapters (handbook_id, position);

CREATE TABLE pilot_models (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('cooperative', 'enterprise', 'household_group')),
    province        TEXT NOT NULL,
    commune         TEXT NOT NULL,
    legacy_district TEXT,
    contact         TEXT NOT NULL DEFAULT '',
    handbook_id     TEXT REFERENCES handbooks (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL
) STRICT;
