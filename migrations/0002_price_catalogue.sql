-- The price catalogue: the one strongly consistent store of plans, their versions and their
-- published rates. Meters keep a copy and learn of changes from catalogue_head.seq.

-- The catalogue's sequence number: one more for every change of a plan or its rates.
CREATE TABLE IF NOT EXISTS catalogue_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  seq INTEGER NOT NULL
);

-- Each plan with its versions (JSON, ascending validFrom); a withdrawn plan stays as deleted = 1.
CREATE TABLE IF NOT EXISTS price_plans (
  id TEXT PRIMARY KEY,
  supplier TEXT NOT NULL,
  versions TEXT NOT NULL,
  revision INTEGER NOT NULL,
  has_dynamic_rates INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0
);

-- Published day-ahead rates, per plan and channel (0 import, 1 export), never overlapping.
CREATE TABLE IF NOT EXISTS dynamic_rates (
  plan_id TEXT NOT NULL,
  channel INTEGER NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  unit_rate REAL NOT NULL,
  PRIMARY KEY (plan_id, channel, start_time)
) WITHOUT ROWID;

-- What each change repriced: the plan and the span of time (NULL ends: unbounded).
CREATE TABLE IF NOT EXISTS catalogue_changes (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL,
  plan_id TEXT NOT NULL,
  from_time INTEGER,
  to_time INTEGER
);
CREATE INDEX IF NOT EXISTS catalogue_changes_by_seq ON catalogue_changes (seq);
