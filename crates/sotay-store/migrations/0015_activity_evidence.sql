-- 0015: outreach activities in full — their audience and materials, the evidence files
-- attached to them (attendance lists, photos, documents; bytes in `blobs`, as the
-- assessments' evidence), and the attendance list their participant counts come from.

ALTER TABLE plan_activities ADD COLUMN audience TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_activities ADD COLUMN materials TEXT NOT NULL DEFAULT '';

CREATE TABLE plan_activity_files (
    id            TEXT PRIMARY KEY,
    activity_id   TEXT NOT NULL REFERENCES plan_activities (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('attendance', 'photo', 'document')),
    name          TEXT NOT NULL,
    sha256        TEXT NOT NULL REFERENCES blobs (sha256),
    thumb_sha256  TEXT REFERENCES blobs (sha256),
    taken_at      TEXT,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;

CREATE INDEX plan_activity_files_by_activity ON plan_activity_files (activity_id, created_at);

-- The latest imported attendance list of an activity (an import replaces the previous one).
CREATE TABLE plan_attendance (
    activity_id   TEXT NOT NULL REFERENCES plan_activities (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL CHECK (kind IN ('enterprise', 'cooperative', 'official')),
    phone         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, position)
) STRICT;
