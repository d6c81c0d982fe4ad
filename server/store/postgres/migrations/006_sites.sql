-- The site of a submission and of a reception account: the PostgreSQL twin of
-- sqlite/migrations/006_sites.sql. NULL: not said.
-- Append-only: never edit a migration once merged.
ALTER TABLE submission_attribution ADD COLUMN site text;
ALTER TABLE staff_accounts ADD COLUMN site text;
CREATE INDEX submission_attribution_site ON submission_attribution (site);
