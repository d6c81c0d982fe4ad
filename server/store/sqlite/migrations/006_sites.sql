-- Where things happen (issue 7, reception): the site a submission was made at (the terminal's
-- `?site=`, sent as `Guichet-Site`), and the site a reception account works at, so the reception
-- console lists its own desk's submissions. NULL: not said (older rows, terminals without a site,
-- accounts that see every site).
-- Append-only: never edit a migration once merged.
ALTER TABLE submission_attribution ADD COLUMN site TEXT;
ALTER TABLE staff_accounts ADD COLUMN site TEXT;
CREATE INDEX submission_attribution_site ON submission_attribution (site);
