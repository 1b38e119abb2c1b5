import * as v from 'valibot';

// The messages of GET /meters/{smartMeterId}/live, for the OpenAPI document and its tests.

const LiveFiguresMessageSchema = v.pipe(
  v.object({
    type: v.pipe(
      v.picklist(['snapshot', 'update']),
      v.description('`snapshot` once the socket opens, `update` after every stored batch.'),
    ),
    time: v.pipe(
      v.nullable(v.number()),
      v.description(
        'The latest instant of the meter’s data (a reading, or an interval’s end), epoch seconds; `null` without data.',
      ),
    ),
    powerKw: v.pipe(
      v.nullable(v.number()),
      v.description(
        'The latest reading, or the latest import interval’s mean power, in kW; `null` without import data.',
      ),
    ),
    todayKwh: v.pipe(
      v.number(),
      v.description(
        'Import energy from the start of today (the local day of the account plan’s zone, else UTC) to now.',
      ),
    ),
    todayCost: v.pipe(
      v.nullable(v.number()),
      v.description(
        'The account’s net cost over the same time (VAT and the standing charge accrued so far included, export credited); `null` without an account.',
      ),
    ),
    currency: v.pipe(v.string(), v.description('ISO 4217 code of `todayCost`.')),
  }),
  v.metadata({
    ref: 'LiveFigures',
    example: {
      type: 'update',
      time: 1606636800,
      powerKw: 0.42,
      todayKwh: 5.3,
      todayCost: 1.06,
      currency: 'GBP',
    },
  }),
);

const LivePongSchema = v.pipe(
  v.object({ type: v.literal('pong') }),
  v.description('The answer to a client’s `{"type":"ping"}`, sent without waking the meter.'),
  v.metadata({ ref: 'LivePong' }),
);

export const LiveMessageSchema = v.pipe(
  v.variant('type', [LiveFiguresMessageSchema, LivePongSchema]),
  v.description('One WebSocket text message of the live feed, as JSON.'),
  v.metadata({ ref: 'LiveMessage' }),
);
