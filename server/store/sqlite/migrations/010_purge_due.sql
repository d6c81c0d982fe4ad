-- When each submission last changed status (UTC ISO 8601), kept by trigger whoever writes the
-- status: the retention purge finds what is due through an index instead of computing every
-- submission's last change (at a million submissions that blocked the server for minutes).
ALTER TABLE submissions ADD COLUMN last_change_at TEXT;

UPDATE submissions SET last_change_at = (
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', max(julianday(h.at))) FROM status_history h WHERE h.submission_id = submissions.id
);

CREATE TRIGGER submissions_last_change AFTER INSERT ON status_history
BEGIN
  UPDATE submissions SET last_change_at = strftime('%Y-%m-%dT%H:%M:%fZ', NEW.at)
  WHERE id = NEW.submission_id AND (last_change_at IS NULL OR last_change_at < strftime('%Y-%m-%dT%H:%M:%fZ', NEW.at));
END;

CREATE INDEX submissions_purge_due ON submissions (procedure_id, last_change_at) WHERE purged_at IS NULL;

-- A request's later statuses (migration 009) are changes too.
UPDATE submissions SET last_change_at = (SELECT max(e.at) FROM request_events e WHERE e.submission_id = submissions.id)
WHERE (SELECT max(e.at) FROM request_events e WHERE e.submission_id = submissions.id) > coalesce(last_change_at, '');

CREATE TRIGGER submissions_last_event AFTER INSERT ON request_events
BEGIN
  UPDATE submissions SET last_change_at = NEW.at
  WHERE id = NEW.submission_id AND (last_change_at IS NULL OR last_change_at < NEW.at);
END;
