-- 0003: pilot verification — assessments of pilot models, answers with evidence, trace tests,
-- findings and corrective actions.

ALTER TABLE pilot_models ADD COLUMN sites TEXT NOT NULL DEFAULT '[]';
ALTER TABLE pilot_models ADD COLUMN scope TEXT NOT NULL DEFAULT '[]';

CREATE TABLE assessments (
    id               TEXT PRIMARY KEY,
    pilot_id         TEXT NOT NULL REFERENCES pilot_models (id) ON DELETE CASCADE,
    handbook_id      TEXT REFERENCES handbooks (id) ON DELETE SET NULL,
    handbook_title   TEXT NOT NULL DEFAULT '',
    handbook_version INTEGER NOT NULL DEFAULT 1,
    status           TEXT NOT NULL DEFAULT 'planned'
                     CHECK (status IN ('planned', 'in_progress', 'completed', 'closed')),
    date             TEXT NOT NULL,
    end_date         TEXT,
    lead             TEXT NOT NULL DEFAULT '',
    team             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(team)),
    -- The checklist as frozen when the assessment was created (template items + CTE items +
    -- items the inspector added), and the weights and thresholds in force.
    checklist        TEXT NOT NULL CHECK (json_valid(checklist)),
    rules            TEXT NOT NULL CHECK (json_valid(rules)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

CREATE INDEX assessments_by_pilot ON assessments (pilot_id, date);

CREATE TABLE answers (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    result        TEXT NOT NULL CHECK (result IN ('pass', 'minor', 'major', 'na')),
    note          TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    answered_by   TEXT NOT NULL,
    answered_at   TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_id),
    CHECK (result <> 'na' OR length(trim(reason)) > 0)
) STRICT;

CREATE TABLE evidence (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    item_id       TEXT,
    action_id     TEXT,
    name          TEXT NOT NULL,
    sha256        TEXT NOT NULL REFERENCES blobs (sha256),
    taken_at      TEXT,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE trace_tests (
    id             TEXT PRIMARY KEY,
    assessment_id  TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    direction      TEXT NOT NULL CHECK (direction IN ('backward', 'forward')),
    lot            TEXT NOT NULL,
    started        TEXT NOT NULL,
    finished       TEXT NOT NULL,
    links_expected INTEGER NOT NULL CHECK (links_expected >= 0),
    links_found    INTEGER NOT NULL CHECK (links_found >= 0),
    input_qty      REAL NOT NULL,
    accounted_qty  REAL NOT NULL,
    unit           TEXT NOT NULL,
    kde_required   INTEGER NOT NULL CHECK (kde_required >= 0),
    kde_present    INTEGER NOT NULL CHECK (kde_present >= 0),
    contradictions INTEGER NOT NULL DEFAULT 0 CHECK (contradictions >= 0),
    note           TEXT NOT NULL DEFAULT '',
    retest_of      TEXT REFERENCES trace_tests (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL
) STRICT;

CREATE INDEX trace_tests_by_assessment ON trace_tests (assessment_id, created_at);

CREATE TABLE findings (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('major', 'minor')),
    description   TEXT NOT NULL DEFAULT '',
    root_cause    TEXT NOT NULL DEFAULT '',
    -- withdrawn: the item's answer changed to PASS/NA after the finding was raised.
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn')),
    created_at    TEXT NOT NULL,
    UNIQUE (assessment_id, item_id)
) STRICT;

CREATE TABLE actions (
    id           TEXT PRIMARY KEY,
    finding_id   TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    description  TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL CHECK (length(trim(owner)) > 0),
    due          TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'in_progress', 'done', 'verified')),
    verified_by  TEXT,
    verified_at  TEXT,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX actions_by_finding ON actions (finding_id);
