-- 0007: the trace test exactly as DOMAIN C.3 (issue 14): minor typos counted apart from
-- contradictions, the explanation of a quantity deviation, and the mass-balance breakdown of
-- C.3 step 4 (outputs, documented losses and by-products, stock, samples), each kept as given.
ALTER TABLE trace_tests ADD COLUMN typos INTEGER NOT NULL DEFAULT 0 CHECK (typos >= 0);
ALTER TABLE trace_tests ADD COLUMN explanation TEXT NOT NULL DEFAULT '';
ALTER TABLE trace_tests ADD COLUMN outputs_qty REAL;
ALTER TABLE trace_tests ADD COLUMN losses_qty REAL;
ALTER TABLE trace_tests ADD COLUMN stock_qty REAL;
ALTER TABLE trace_tests ADD COLUMN samples_qty REAL;
