import * as v from 'valibot';

// Response bodies of the intervals endpoints, for the OpenAPI document and its tests.

export const StoredIntervalsSchema = v.pipe(
  v.object({ stored: v.pipe(v.number(), v.description('How many intervals were stored.')) }),
  v.metadata({ ref: 'StoredIntervals' }),
);

const IntervalViewSchema = v.pipe(
  v.object({
    start: v.pipe(v.number(), v.description('Epoch seconds, inclusive.')),
    end: v.pipe(v.number(), v.description('Epoch seconds, exclusive.')),
    kwh: v.number(),
  }),
  v.metadata({ ref: 'EnergyIntervalView' }),
);

export const IntervalsPageSchema = v.pipe(
  v.object({
    smartMeterId: v.string(),
    channel: v.picklist(['import', 'export']),
    intervals: v.array(IntervalViewSchema),
    next: v.pipe(
      v.nullable(v.string()),
      v.description('Cursor of the next page; `null` on the last.'),
    ),
  }),
  v.metadata({ ref: 'IntervalsPage' }),
);
