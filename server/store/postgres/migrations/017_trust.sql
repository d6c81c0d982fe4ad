-- Trust (issue 22): what a purge leaves of a mandate; the PostgreSQL twin of
-- sqlite/migrations/017_trust.sql. A mandate ended or expired longer ago than the longest
-- retention of the content loses the resident's name (set to ''), and the row says when.
-- Append-only: never edit a migration once merged.
ALTER TABLE mandates ADD COLUMN purged_at timestamptz;
CREATE INDEX mandates_purge_due ON mandates (expires_at) WHERE purged_at IS NULL;

-- Terminals enrol (issue 22, part 5): an admin or a reception agent gives a terminal its
-- credential; its heartbeats carry it. Only the secret's sha256 is kept.
CREATE TABLE terminal_credentials (
  terminal_id text PRIMARY KEY,
  secret_hash text NOT NULL,
  site text NOT NULL,
  enrolled_by text NOT NULL,
  enrolled_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- Mandates' life (issue 22, part 7): the code printed on the consent, who ended a mandate
-- before its end (role:login), and the mandate a renewal replaces.
ALTER TABLE mandates ADD COLUMN resident_code text;
ALTER TABLE mandates ADD COLUMN ended_by text;
ALTER TABLE mandates ADD COLUMN renews text REFERENCES mandates (id);
CREATE INDEX mandates_resident_code ON mandates (resident_code) WHERE resident_code IS NOT NULL;
