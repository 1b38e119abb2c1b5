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
