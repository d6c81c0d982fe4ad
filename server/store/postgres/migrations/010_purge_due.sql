-- When each submission last changed status, kept by trigger whoever writes the status: the
-- retention purge finds what is due through an index instead of computing every submission's
-- last change (at a million submissions that took minutes).
ALTER TABLE submissions ADD COLUMN last_change_at timestamptz;

UPDATE submissions s SET last_change_at = h.last
FROM (SELECT submission_id, max(at::timestamptz) AS last FROM status_history GROUP BY submission_id) h
WHERE h.submission_id = s.id;

CREATE FUNCTION submissions_last_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE submissions SET last_change_at = NEW.at::timestamptz
  WHERE id = NEW.submission_id AND (last_change_at IS NULL OR last_change_at < NEW.at::timestamptz);
  RETURN NULL;
END $$;

CREATE TRIGGER submissions_last_change AFTER INSERT ON status_history
FOR EACH ROW EXECUTE FUNCTION submissions_last_change();

CREATE INDEX submissions_purge_due ON submissions (procedure_id, last_change_at) WHERE purged_at IS NULL;

-- A request's later statuses (migration 009) are changes too.
UPDATE submissions s SET last_change_at = e.last
FROM (SELECT submission_id, max(at::timestamptz) AS last FROM request_events GROUP BY submission_id) e
WHERE e.submission_id = s.id AND (s.last_change_at IS NULL OR s.last_change_at < e.last);

CREATE FUNCTION submissions_last_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE submissions SET last_change_at = NEW.at::timestamptz
  WHERE id = NEW.submission_id AND (last_change_at IS NULL OR last_change_at < NEW.at::timestamptz);
  RETURN NULL;
END $$;

CREATE TRIGGER submissions_last_event AFTER INSERT ON request_events
FOR EACH ROW EXECUTE FUNCTION submissions_last_event();
