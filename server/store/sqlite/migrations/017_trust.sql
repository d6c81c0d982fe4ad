-- Trust (issue 22): what a purge leaves of a mandate. A mandate ended or expired longer ago
-- than the longest retention of the content loses the resident's name (set to ''), and the row
-- says when; its number, mediator, procedures and dates stay, as the audit chain names them.
-- Append-only: never edit a migration once merged.
ALTER TABLE mandates ADD COLUMN purged_at TEXT;
CREATE INDEX mandates_purge_due ON mandates (expires_at) WHERE purged_at IS NULL;

-- Terminals enrol (issue 22, part 5): an admin or a reception agent gives a terminal its
-- credential; its heartbeats carry it. Only the secret's sha256 is kept. A revoked terminal is
-- refused like an unknown one.
CREATE TABLE terminal_credentials (
  terminal_id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  site TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,          -- the account, as the audit chain names it (role:login)
  enrolled_at TEXT NOT NULL,          -- UTC ISO 8601
  revoked_at TEXT
) STRICT;

-- Mandates' life (issue 22, part 7): the code printed on the consent (with the mandate's
-- number, the resident's key to see their mandates; a renewal keeps it; removed at the purge),
-- who ended a mandate before its end (role:login), and the mandate a renewal replaces.
ALTER TABLE mandates ADD COLUMN resident_code TEXT;
ALTER TABLE mandates ADD COLUMN ended_by TEXT;
ALTER TABLE mandates ADD COLUMN renews TEXT REFERENCES mandates (id);
CREATE INDEX mandates_resident_code ON mandates (resident_code) WHERE resident_code IS NOT NULL;
