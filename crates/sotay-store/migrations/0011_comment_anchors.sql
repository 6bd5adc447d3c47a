-- 0011: review comments anchored to a passage of a chapter's source (the W3C Web Annotation
-- TextQuoteSelector + TextPositionSelector: the passage, some text before and after it, where
-- it was in UTF-16 units, and the revision it was selected on), and the reason given when an
-- author approves her own draft while comments are open. A comment without a quote is about
-- the whole chapter, as before.

ALTER TABLE comments ADD COLUMN anchor_quote TEXT;
ALTER TABLE comments ADD COLUMN anchor_prefix TEXT;
ALTER TABLE comments ADD COLUMN anchor_suffix TEXT;
ALTER TABLE comments ADD COLUMN anchor_start INTEGER;
ALTER TABLE comments ADD COLUMN anchor_end INTEGER;
ALTER TABLE comments ADD COLUMN anchor_revision INTEGER;

ALTER TABLE status_changes ADD COLUMN reason TEXT NOT NULL DEFAULT '';
