import * as v from 'valibot';
import { objectMessage } from './object-message';
import {
  ChannelSchema,
  channelQueryEntry,
  cursorEntry,
  isOrderedWindow,
  pageSizeEntry,
  windowEntries,
} from './query';
import { TimeInputSchema } from './time';

/** At most this many rates in one publication. */
export const MAX_RATES_PER_REQUEST = 50_000;
const QUARTER_HOUR = 900;

const QuarterHourTimeSchema = v.pipe(
  TimeInputSchema,
  v.check(
    (time) => time % QUARTER_HOUR === 0,
    'must be on a 15-minute UTC boundary (:00, :15, :30, :45)',
  ),
);

export const DynamicRateSchema = v.pipe(
  v.object(
    {
      start: v.pipe(
        QuarterHourTimeSchema,
        v.description('Start, inclusive (epoch seconds or ISO 8601).'),
      ),
      end: v.pipe(QuarterHourTimeSchema, v.description('End, exclusive, after start.')),
      unitRatePerKwh: v.pipe(
        v.number('must be a number'),
        v.finite('must be a finite number'),
        v.minValue(-1_000_000, 'must be from -1,000,000 to 1,000,000'),
        v.maxValue(1_000_000, 'must be from -1,000,000 to 1,000,000'),
        v.description('The rate per kWh over the span, VAT not included; may be negative.'),
      ),
    },
    objectMessage('a rate: start, end and unitRatePerKwh'),
  ),
  v.forward(
    v.check((rate) => rate.end > rate.start, 'must be after start'),
    ['end'],
  ),
  v.metadata({ ref: 'DynamicRate' }),
);
export type DynamicRateInput = v.InferOutput<typeof DynamicRateSchema>;

/** The first two rates of a list that overlap, by index, or `null`. */
function firstOverlap(rates: readonly DynamicRateInput[]): [number, number] | null {
  const order = rates
    .map((_, index) => index)
    .sort((a, b) => (rates[a]?.start ?? 0) - (rates[b]?.start ?? 0));
  for (let i = 1; i < order.length; i++) {
    const previous = rates[order[i - 1] as number] as DynamicRateInput;
    const rate = rates[order[i] as number] as DynamicRateInput;
    if (rate.start < previous.end) return [order[i - 1] as number, order[i] as number];
  }
  return null;
}

/** `PUT /price-plans/{pricePlanId}/rates`: a publication of day-ahead rates. */
export const RatesInputSchema = v.pipe(
  v.object(
    {
      channel: v.optional(ChannelSchema, 'import'),
      // The length is checked before any rate: an oversized list costs no per-rate work.
      rates: v.pipe(
        v.array(v.unknown(), 'must be an array of rates'),
        v.minLength(1, 'must hold at least one rate'),
        v.maxLength(MAX_RATES_PER_REQUEST, `must hold at most ${MAX_RATES_PER_REQUEST} rates`),
        v.array(DynamicRateSchema),
        v.rawCheck(({ dataset, addIssue }) => {
          if (!dataset.typed) return;
          const overlap = firstOverlap(dataset.value);
          if (overlap) {
            addIssue({ message: `must not overlap: rates ${overlap[0]} and ${overlap[1]} do` });
          }
        }),
        v.description('1 to 50,000 rates on 15-minute UTC boundaries, none overlapping another.'),
      ),
    },
    objectMessage('a JSON object with rates'),
  ),
  v.metadata({
    ref: 'RatesRequest',
    example: {
      channel: 'import',
      rates: [
        { start: '2024-03-01T00:00:00Z', end: '2024-03-01T00:30:00Z', unitRatePerKwh: 0.1512 },
        { start: '2024-03-01T00:30:00Z', end: '2024-03-01T01:00:00Z', unitRatePerKwh: -0.0213 },
      ],
    },
  }),
);
export type RatesInput = v.InferOutput<typeof RatesInputSchema>;

/** `GET /price-plans/{pricePlanId}/rates?from=&to=&channel=&pageSize=&cursor=`. */
export const RatesQuerySchema = v.pipe(
  v.object({ ...windowEntries, ...channelQueryEntry, ...pageSizeEntry, ...cursorEntry }),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type RatesQuery = v.InferOutput<typeof RatesQuerySchema>;
