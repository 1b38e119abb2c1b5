/** One smart-meter sample: instantaneous power `reading` in kW at `time`, in whole seconds since the Unix epoch. */
export interface Reading {
  readonly time: number;
  readonly reading: number;
}

/** A half-open interval of epoch seconds, `[from, to)`; a missing bound is unbounded. */
export interface TimeWindow {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** The last second of 9999, the last that ISO 8601's four-digit years (and local calendars) reach. */
export const LATEST_QUERY_TIME = 253_402_300_799;
