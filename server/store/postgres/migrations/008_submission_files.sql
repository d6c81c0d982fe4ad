-- Which stored files each submission names, until its purge: the orphan check and
-- attachmentInUse read this index instead of scanning every submission's JSON.
CREATE TABLE submission_files (
  submission_id text NOT NULL REFERENCES submissions (id),
  sha256 text NOT NULL,
  PRIMARY KEY (sha256, submission_id)
);
CREATE INDEX submission_files_submission ON submission_files (submission_id);

INSERT INTO submission_files (submission_id, sha256)
SELECT DISTINCT s.id, a.value ->> 'sha256' FROM submissions s, jsonb_array_elements(s.attachments_json) AS a
WHERE s.purged_at IS NULL AND a.value ->> 'sha256' IS NOT NULL
ON CONFLICT DO NOTHING;

-- The consoles' and the desk's lists, newest first, filtered by state.
CREATE INDEX deliveries_state_id ON deliveries (state, id);
