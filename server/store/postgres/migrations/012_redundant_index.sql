-- deliveries (submission_id, route) is unique, so its index already finds a submission's
-- deliveries: the second index on submission_id only cost every accept one more random write.
DROP INDEX deliveries_submission;
