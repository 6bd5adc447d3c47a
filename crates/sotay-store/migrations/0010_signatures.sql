-- 0010: signatures of an assessment (issue 17): the team leader and the pilot's representative
-- sign the completed assessment on screen, with a typed name or a drawn mark (vector strokes as
-- JSON, never a bitmap). One signature per role; signing again replaces it. `content_sha256` is
-- the digest of what was signed (sotay_model::signature::signed_content): when the record
-- changes afterwards, the signature is shown as needing to be given again.
CREATE TABLE signatures (
    assessment_id  TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('leader', 'representative')),
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    position       TEXT NOT NULL DEFAULT '',
    signed_at      TEXT NOT NULL,
    drawing        TEXT CHECK (drawing IS NULL OR json_valid(drawing)),
    content_sha256 TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, role)
) STRICT;
