-- guichet: foreign-keys-off
-- The instruction desk (issue 17): instructors and managers among staff accounts, scoped to
-- the services whose requests they handle; the desk's internal notes and who a request is
-- assigned to. Append-only: never edit a migration once merged.
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt as its documentation
-- says (create, copy, drop, rename), with foreign keys off for this migration only (the first
-- line asks the runner) and checked before commit, so sessions, mandates, attributions and
-- hand-offs keep pointing at the same ids.
CREATE TABLE staff_accounts_new (
  id INTEGER PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('mediator', 'agent', 'reception', 'admin', 'instructor', 'manager')),
  login TEXT NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  site TEXT,
  services_json TEXT,                 -- service ids of site.yaml an instructor handles (JSON array)
  UNIQUE (role, login)
) STRICT;
INSERT INTO staff_accounts_new (id, role, login, display_name, password_hash, disabled, created_at, site)
  SELECT id, role, login, display_name, password_hash, disabled, created_at, site FROM staff_accounts;
DROP TABLE staff_accounts;
ALTER TABLE staff_accounts_new RENAME TO staff_accounts;

-- Internal notes: read by the services' instructors, never by the resident.
CREATE TABLE desk_notes (
  id INTEGER PRIMARY KEY,
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  author_id INTEGER NOT NULL REFERENCES staff_accounts (id),
  at TEXT NOT NULL,                   -- UTC ISO 8601
  text TEXT NOT NULL
) STRICT;
CREATE INDEX desk_notes_submission ON desk_notes (submission_id, id);

-- The instructor a request is assigned to; no row: nobody.
CREATE TABLE desk_assignments (
  submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
  account_id INTEGER NOT NULL REFERENCES staff_accounts (id),
  at TEXT NOT NULL
) STRICT;
