-- The instruction desk (issue 17): the PostgreSQL twin of sqlite/migrations/011_desk.sql.
-- Instructors and managers among staff accounts, scoped to services; internal notes and
-- assignments. Append-only: never edit a migration once merged.
ALTER TABLE staff_accounts DROP CONSTRAINT staff_accounts_role_check;
ALTER TABLE staff_accounts ADD CONSTRAINT staff_accounts_role_check
  CHECK (role IN ('mediator', 'agent', 'reception', 'admin', 'instructor', 'manager'));
ALTER TABLE staff_accounts ADD COLUMN services_json json;

CREATE TABLE desk_notes (
  id bigserial PRIMARY KEY,
  submission_id text NOT NULL REFERENCES submissions (id),
  author_id bigint NOT NULL REFERENCES staff_accounts (id),
  at text NOT NULL,
  text text NOT NULL
);
CREATE INDEX desk_notes_submission ON desk_notes (submission_id, id);

CREATE TABLE desk_assignments (
  submission_id text PRIMARY KEY REFERENCES submissions (id),
  account_id bigint NOT NULL REFERENCES staff_accounts (id),
  at text NOT NULL
);
