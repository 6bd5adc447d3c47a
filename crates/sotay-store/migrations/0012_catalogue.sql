-- 0012: the key-product catalogue (danh mục sản phẩm, hàng hóa chủ lực, thế mạnh), its
-- evaluation, the roadmap per product, and the facts of portal readiness (plan II.2.a, II.3).
-- The catalogue is the province's, not one plan's: a roadmap runs over several years.

CREATE TABLE key_products (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    proposed_by     TEXT NOT NULL DEFAULT '',
    reasons         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'issued')),
    decision_number TEXT NOT NULL DEFAULT '',
    decision_date   TEXT NOT NULL DEFAULT '',
    handbook_id     TEXT REFERENCES handbooks (id) ON DELETE SET NULL,
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
) STRICT;

-- One score (0–5) per product and criterion; the criteria and weights are settings.
CREATE TABLE key_product_scores (
    product_id      TEXT NOT NULL REFERENCES key_products (id) ON DELETE CASCADE,
    criterion       TEXT NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
    scored_by       TEXT NOT NULL DEFAULT '',
    scored_at       TEXT NOT NULL,
    PRIMARY KEY (product_id, criterion)
) STRICT;

-- Year-by-year milestones; their progress is computed from the records, never stored.
CREATE TABLE roadmap_milestones (
    id              TEXT PRIMARY KEY,
    product_id      TEXT NOT NULL REFERENCES key_products (id) ON DELETE CASCADE,
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    kind            TEXT NOT NULL CHECK (kind IN ('handbook', 'pilot', 'replication', 'portal')),
    target          INTEGER NOT NULL DEFAULT 1 CHECK (target BETWEEN 1 AND 100000),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
) STRICT;

CREATE INDEX roadmap_by_product ON roadmap_milestones (product_id, year);

-- What the handbook's variables do not hold: the data carrier, extra GS1 keys, the image and
-- the registration on the national portal, for a product ('' pilot) or one of its pilots.
CREATE TABLE portal_readiness (
    product_id      TEXT NOT NULL REFERENCES key_products (id) ON DELETE CASCADE,
    pilot_id        TEXT NOT NULL DEFAULT '',
    company_prefix  TEXT NOT NULL DEFAULT '',
    gtins           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(gtins)),
    glns            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(glns)),
    carrier         TEXT NOT NULL DEFAULT '',
    image           TEXT NOT NULL DEFAULT '',
    registered      INTEGER NOT NULL DEFAULT 0 CHECK (registered IN (0, 1)),
    portal_id       TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (product_id, pilot_id)
) STRICT;
