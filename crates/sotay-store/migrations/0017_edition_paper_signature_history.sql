-- 0017 (issue 17's leftovers): the paper of an edition, and the history of an assessment's
-- signatures.

-- The paper an edition's PDF files are laid out on: 'a4' or 'a5'. Recorded when the edition is
-- first published, so that publishing the same label again makes the same edition whatever the
-- workspace's paper setting has become since. NULL: not recorded (an edition published before
-- this version); its first run afterwards records the paper read from its files when it can,
-- else the one asked for, else A4, and says which (crates/sotay/src/publishing/paper.rs).
ALTER TABLE editions ADD COLUMN paper TEXT CHECK (paper IS NULL OR paper IN ('a4', 'a5'));

-- What happened to an assessment's signatures, in order: each signature given and each one
-- withdrawn (`sotay assess unsign`, "Hủy chữ ký"), with whose signature it was (name, when it
-- was given), when it happened and who did it (the app's user). Only added to, never changed.
CREATE TABLE signature_history (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    event         TEXT NOT NULL CHECK (event IN ('signed', 'withdrawn')),
    role          TEXT NOT NULL CHECK (role IN ('leader', 'representative')),
    name          TEXT NOT NULL,
    signed_at     TEXT NOT NULL,
    at            TEXT NOT NULL,
    by            TEXT NOT NULL,
    PRIMARY KEY (assessment_id, seq)
) STRICT;
