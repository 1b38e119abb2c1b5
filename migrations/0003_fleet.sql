-- What spans meters: the fleet's energy per UTC half hour, long gaps as whole pieces, each
-- meter's switch candidate, and the messages already counted (so a redelivery counts once).

-- Σ over meters of what each queued: energy per half hour, and how many meters have data there.
CREATE TABLE IF NOT EXISTS fleet_half_hours (
  start INTEGER PRIMARY KEY,
  import_kwh REAL NOT NULL,
  export_kwh REAL NOT NULL,
  meters INTEGER NOT NULL
);

-- Long gaps of meters: straight pieces of import over whole days, +1 entering, −1 leaving.
CREATE TABLE IF NOT EXISTS fleet_gaps (
  id INTEGER PRIMARY KEY,
  start_time INTEGER NOT NULL,
  end_time INTEGER NOT NULL,
  start_kw REAL NOT NULL,
  end_kw REAL NOT NULL,
  sign INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fleet_gaps_by_end ON fleet_gaps (end_time);

-- The queue messages counted, by id, with when: pruned once redelivery can no longer happen.
CREATE TABLE IF NOT EXISTS fleet_messages (
  id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Each meter's plan now, the cheapest plan, and the annual saving of switching.
CREATE TABLE IF NOT EXISTS switch_candidates (
  smart_meter_id TEXT PRIMARY KEY,
  price_plan_id TEXT NOT NULL,
  recommendation TEXT NOT NULL,
  annual_saving REAL NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS switch_candidates_by_saving ON switch_candidates (annual_saving DESC);

-- Versions of candidates removed (erased meters): a late, older update must not bring one back.
CREATE TABLE IF NOT EXISTS switch_candidates_removed (
  smart_meter_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL
);
