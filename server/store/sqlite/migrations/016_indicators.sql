-- Indicators (parts/indicators.ts): what journeys at the kiosks did, kept only as counts per day.
-- A kiosk reports each journey once it ends (POST /api/indicators/events); the server adds it to
-- the day's row for the same procedure, site, channel, locale, help, outcome, step and display
-- settings, and keeps nothing of the report itself: no raw event is ever stored. No answer,
-- no person, no terminal id, no free text: every column is a name from a closed list or a count.
-- Append-only: never edit a migration once merged.
CREATE TABLE journey_days (
  day TEXT NOT NULL,                  -- YYYY-MM-DD, the town's calendar day
  procedure_id TEXT NOT NULL,
  site TEXT NOT NULL,                 -- '' when the terminal did not say
  channel TEXT NOT NULL,              -- 'epn' | 'reception' | 'tiers-lieu' | ''
  locale TEXT NOT NULL,
  assisted INTEGER NOT NULL CHECK (assisted IN (0, 1)),
  outcome TEXT NOT NULL CHECK (outcome IN ('finished', 'abandoned', 'timed-out', 'handed-off')),
  step INTEGER NOT NULL,              -- the furthest step reached, 1-based; steps + 1 is the check page
  read_aloud INTEGER NOT NULL CHECK (read_aloud IN (0, 1)),
  text_size INTEGER NOT NULL,         -- 100 | 150 | 200 (%)
  theme TEXT NOT NULL,                -- 'default' | 'dark' | 'contrast'
  journeys INTEGER NOT NULL,
  duration_seconds INTEGER NOT NULL,  -- the sum over the row's journeys
  PRIMARY KEY (day, procedure_id, site, channel, locale, assisted, outcome, step, read_aloud, text_size, theme)
) STRICT;

-- The optional question after sending: three pictograms or "skip", counted per day.
CREATE TABLE satisfaction_days (
  day TEXT NOT NULL,
  procedure_id TEXT NOT NULL,
  site TEXT NOT NULL,
  channel TEXT NOT NULL,
  locale TEXT NOT NULL,
  rating TEXT NOT NULL CHECK (rating IN ('good', 'neutral', 'bad', 'skipped')),
  answers INTEGER NOT NULL,
  PRIMARY KEY (day, procedure_id, site, channel, locale, rating)
) STRICT;

-- The batches already counted, by the random id the kiosk gave each (kept with the batch on the
-- terminal until the server answers): a batch sent again after an answer the kiosk never got is
-- not counted twice. Only the id and when it came; forgotten after 90 days.
CREATE TABLE journey_batches (
  id TEXT PRIMARY KEY,
  received_at TEXT NOT NULL       -- UTC ISO 8601
) STRICT;
CREATE INDEX journey_batches_received ON journey_batches (received_at);
