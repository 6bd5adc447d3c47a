-- 0008: a trace test recorded lot by lot (DOMAIN C.3 step 6, the FSMA-style sortable
-- spreadsheet): the lots it found, one row each, in the order given.
CREATE TABLE trace_lots (
    id            TEXT PRIMARY KEY,
    trace_test_id TEXT NOT NULL REFERENCES trace_tests (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 1),
    lot           TEXT NOT NULL,
    product       TEXT NOT NULL DEFAULT '',
    quantity      REAL,
    unit          TEXT NOT NULL DEFAULT '',
    date          TEXT NOT NULL DEFAULT '',
    from_party    TEXT NOT NULL DEFAULT '',
    to_party      TEXT NOT NULL DEFAULT '',
    reference     TEXT NOT NULL DEFAULT '',
    step          TEXT NOT NULL DEFAULT '',
    UNIQUE (trace_test_id, position)
) STRICT;
