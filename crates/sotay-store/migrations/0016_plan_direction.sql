-- Issue 20: next year's direction, free text kept on the year's plan (empty until the user
-- writes it; the annual report then prefills it from the plan's open tasks).
ALTER TABLE plans ADD COLUMN direction TEXT NOT NULL DEFAULT '';

-- The kind of a copy's recipient (department, commune, cooperative, enterprise, other), when the
-- recipients list gave it; '' when it did not (counted as not classified).
ALTER TABLE copies ADD COLUMN kind TEXT NOT NULL DEFAULT '';
