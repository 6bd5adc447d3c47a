-- 0009: the provincial programme (Kế hoạch) — plans, their tasks and budget lines, spending,
-- outreach activities, the agencies the plan names and their yearly returns.
-- Money is INTEGER đồng: exact, never REAL.

CREATE TABLE plans (
    id            TEXT PRIMARY KEY,
    number        TEXT NOT NULL DEFAULT '',
    date          TEXT NOT NULL DEFAULT '',
    issuing_body  TEXT NOT NULL DEFAULT '',
    legal_bases   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(legal_bases)),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    title         TEXT NOT NULL,
    template      TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;

CREATE INDEX plans_by_year ON plans (year);

CREATE TABLE plan_lines (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    title         TEXT NOT NULL,
    lead          TEXT NOT NULL DEFAULT '',
    estimate_vnd  INTEGER NOT NULL CHECK (estimate_vnd >= 0),
    position      INTEGER NOT NULL,
    UNIQUE (plan_id, code)
) STRICT;

CREATE TABLE plan_tasks (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    title         TEXT NOT NULL,
    lead          TEXT NOT NULL DEFAULT '',
    coordinating  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(coordinating)),
    period        TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'not_started'
                  CHECK (status IN ('not_started', 'in_progress', 'done')),
    progress      INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    line_id       TEXT REFERENCES plan_lines (id) ON DELETE SET NULL,
    position      INTEGER NOT NULL,
    UNIQUE (plan_id, code)
) STRICT;

-- The records a task is fulfilled by (a handbook, assessments, editions, activities).
CREATE TABLE plan_task_links (
    task_id       TEXT NOT NULL REFERENCES plan_tasks (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('handbook', 'assessment', 'edition', 'activity')),
    record_id     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (task_id, kind, record_id)
) STRICT;

CREATE TABLE plan_spending (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    line_id       TEXT NOT NULL REFERENCES plan_lines (id) ON DELETE CASCADE,
    date          TEXT NOT NULL,
    amount_vnd    INTEGER NOT NULL CHECK (amount_vnd > 0),
    reference     TEXT NOT NULL DEFAULT '',
    payee         TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;

CREATE INDEX plan_spending_by_line ON plan_spending (line_id);

CREATE TABLE plan_activities (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('training', 'workshop', 'conference', 'media')),
    date          TEXT NOT NULL,
    title         TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    organiser     TEXT NOT NULL DEFAULT '',
    enterprises   INTEGER NOT NULL DEFAULT 0 CHECK (enterprises >= 0),
    cooperatives  INTEGER NOT NULL DEFAULT 0 CHECK (cooperatives >= 0),
    officials     INTEGER NOT NULL DEFAULT 0 CHECK (officials >= 0),
    others        INTEGER NOT NULL DEFAULT 0 CHECK (others >= 0),
    line_id       TEXT REFERENCES plan_lines (id) ON DELETE SET NULL,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;

-- The agencies the plan names (section IV) and the tasks it gives each.
CREATE TABLE plan_agencies (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'other'
                  CHECK (kind IN ('department', 'commune', 'association', 'media', 'other')),
    tasks         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tasks)),
    position      INTEGER NOT NULL,
    UNIQUE (plan_id, name)
) STRICT;

-- Every imported return form; an agency's latest one counts, earlier ones are kept.
CREATE TABLE plan_returns (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    agency_id     TEXT NOT NULL REFERENCES plan_agencies (id) ON DELETE CASCADE,
    received_on   TEXT NOT NULL,
    figures       TEXT NOT NULL CHECK (json_valid(figures)),
    file_name     TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL DEFAULT '',
    imported_by   TEXT NOT NULL DEFAULT '',
    imported_at   TEXT NOT NULL
) STRICT;

CREATE INDEX plan_returns_by_agency ON plan_returns (agency_id, imported_at);
