-- Which stored files each submission names, until its purge: the orphan check and
-- attachmentInUse read this index instead of scanning every submission's JSON.
CREATE TABLE submission_files (
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  sha256 TEXT NOT NULL,
  PRIMARY KEY (sha256, submission_id)
) STRICT;
CREATE INDEX submission_files_submission ON submission_files (submission_id);

INSERT OR IGNORE INTO submission_files (submission_id, sha256)
SELECT s.id, json_extract(a.value, '$.sha256') FROM submissions s, json_each(s.attachments_json) AS a
WHERE s.purged_at IS NULL AND json_extract(a.value, '$.sha256') IS NOT NULL;

-- The consoles' and the desk's lists, newest first, filtered by state.
CREATE INDEX deliveries_state_id ON deliveries (state, id);
