-- Switch candidates are listed largest saving first, ties by meter id, a page at a time from where
-- the last page ended (annual_saving, smart_meter_id): indexes in that order let each page seek
-- instead of scanning the rows before it, with or without a filter on the current plan.
DROP INDEX IF EXISTS switch_candidates_by_saving;
CREATE INDEX IF NOT EXISTS switch_candidates_by_saving_and_id
  ON switch_candidates (annual_saving DESC, smart_meter_id);
CREATE INDEX IF NOT EXISTS switch_candidates_by_plan_saving_and_id
  ON switch_candidates (price_plan_id, annual_saving DESC, smart_meter_id);
