import * as v from 'valibot';
import { FLEET_GROUP_BY } from '../energy/fleet-intervals';

// Response bodies of the fleet endpoints and PUT /accounts, for the OpenAPI document and its tests.

const FleetIntervalSchema = v.pipe(
  v.object({
    start: v.pipe(v.number(), v.description('Epoch seconds, inclusive (UTC-aligned, or `from`).')),
    end: v.pipe(v.number(), v.description('Epoch seconds, exclusive (UTC-aligned, or `to`).')),
    importKwh: v.pipe(
      v.number(),
      v.description('Every meter’s import inside the interval, summed.'),
    ),
    exportKwh: v.pipe(
      v.number(),
      v.description('Every meter’s export inside the interval, summed.'),
    ),
    meters: v.pipe(
      v.number(),
      v.integer(),
      v.description(
        'Meters with data in the interval: for an hour or a day, the most of any of its half hours.',
      ),
    ),
  }),
  v.metadata({ ref: 'FleetInterval' }),
);

export const FleetUsageSchema = v.pipe(
  v.object({
    groupBy: v.picklist(FLEET_GROUP_BY),
    intervals: v.pipe(
      v.array(FleetIntervalSchema),
      v.description('Ascending; intervals where no meter has data are left out.'),
    ),
    next: v.pipe(
      v.nullable(v.string()),
      v.description('Cursor of the next page (pass it as `cursor`), or null on the last page.'),
    ),
  }),
  v.metadata({
    ref: 'FleetUsage',
    example: {
      groupBy: 'half_hour',
      intervals: [
        { start: 1709251200, end: 1709253000, importKwh: 412.7, exportKwh: 3.1, meters: 980 },
      ],
      next: null,
    },
  }),
);

const SwitchCandidateSchema = v.pipe(
  v.object({
    smartMeterId: v.string(),
    pricePlanId: v.pipe(v.string(), v.description('The plan the meter is on now.')),
    recommendation: v.pipe(v.string(), v.description('The plan its advice finds cheapest.')),
    annualSaving: v.pipe(
      v.number(),
      v.description(
        'Annual cost on its plan minus on the recommendation, over the advice’s basis (the last 365 days of data, scaled to a year).',
      ),
    ),
  }),
  v.metadata({ ref: 'SwitchCandidate' }),
);

export const SwitchCandidatesSchema = v.pipe(
  v.object({
    currency: v.string(),
    candidates: v.pipe(
      v.array(SwitchCandidateSchema),
      v.description('Largest saving first; ties by meter id.'),
    ),
    next: v.pipe(
      v.nullable(v.string()),
      v.description('Cursor of the next page (pass it as `cursor`), or null on the last page.'),
    ),
  }),
  v.metadata({
    ref: 'SwitchCandidates',
    example: {
      currency: 'GBP',
      candidates: [
        {
          smartMeterId: 'smart-meter-0',
          pricePlanId: 'price-plan-0',
          recommendation: 'price-plan-2',
          annualSaving: 1842.5,
        },
      ],
      next: null,
    },
  }),
);

export const AccountRowsResultSchema = v.pipe(
  v.object({
    updated: v.pipe(v.number(), v.integer(), v.description('Rows applied.')),
    errors: v.pipe(
      v.array(
        v.object({
          row: v.pipe(
            v.number(),
            v.integer(),
            v.description(
              '1-based place of the row among the data rows (JSON: its index + 1; CSV: its line after the header, blank lines not counted).',
            ),
          ),
          path: v.pipe(
            v.string(),
            v.description(
              'The field of the row (`smartMeterId`, `pricePlanId`, `from`); empty for the whole row.',
            ),
          ),
          message: v.string(),
        }),
      ),
      v.description('Every row not applied, in row order; it changed nothing.'),
    ),
  }),
  v.metadata({
    ref: 'AccountRowsResult',
    example: {
      updated: 1,
      errors: [
        {
          row: 2,
          path: 'pricePlanId',
          message:
            'must be the id of a plan of the catalogue: price-plan-0, price-plan-1, price-plan-2',
        },
      ],
    },
  }),
);
