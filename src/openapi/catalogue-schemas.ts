import * as v from 'valibot';
import { PeakTimeMultiplierSchema, TimeOfUseRateSchema } from '../schemas/tariffs';

// Response bodies of the catalogue's endpoints, for the OpenAPI document and its tests.

const versionEntries = {
  unitRatePerKwh: v.pipe(
    v.number(),
    v.description('Import rate per kWh outside every band, VAT not included.'),
  ),
  timeZone: v.pipe(v.string(), v.description('IANA zone of every local-time rule of the version.')),
  standingChargePerDay: v.pipe(
    v.number(),
    v.description('A fixed charge per local calendar day, accrued evenly over its seconds.'),
  ),
  timeOfUseRates: v.pipe(
    v.array(TimeOfUseRateSchema),
    v.description('Import bands of local time.'),
  ),
  peakTimeMultipliers: v.pipe(
    v.array(PeakTimeMultiplierSchema),
    v.description('Factors on the import rate, for whole local days.'),
  ),
  vatRate: v.pipe(v.number(), v.description('VAT as a fraction, on energy and standing charge.')),
  exportRatePerKwh: v.pipe(
    v.number(),
    v.description('What export earns per kWh outside export bands.'),
  ),
  exportTimeOfUseRates: v.pipe(
    v.array(TimeOfUseRateSchema),
    v.description('Export bands of local time.'),
  ),
  validFrom: v.pipe(
    v.nullable(v.number()),
    v.description(
      'When the version starts (epoch seconds); `null` for a first version that always held.',
    ),
  ),
  validTo: v.pipe(
    v.nullable(v.number()),
    v.description('When the next version starts; `null` when none does.'),
  ),
};

const planEntries = {
  pricePlanId: v.string(),
  supplier: v.string(),
  currency: v.pipe(v.string(), v.description("The catalogue's currency (ISO 4217).")),
  dynamicRates: v.pipe(
    v.boolean(),
    v.description('Whether day-ahead rates are published for the plan (GET …/rates).'),
  ),
};

export const PlanVersionResponseSchema = v.pipe(
  v.object(versionEntries),
  v.metadata({ ref: 'PlanVersionView' }),
);

/** A plan in the catalogue's list: the version in force at the instant asked for. */
export const CataloguePlanSchema = v.pipe(
  v.object({ ...planEntries, ...versionEntries }),
  v.metadata({ ref: 'CataloguePlan' }),
);

export const PriceCatalogueResponseSchema = v.pipe(
  v.array(CataloguePlanSchema),
  v.description('Every plan on offer, ordered by id, each as its version in force then.'),
  v.metadata({ ref: 'PriceCatalogue' }),
);

/** A whole plan: every version. */
export const PricePlanResponseSchema = v.pipe(
  v.object({ ...planEntries, versions: v.array(PlanVersionResponseSchema) }),
  v.metadata({ ref: 'PricePlan' }),
);

const RateViewSchema = v.pipe(
  v.object({ start: v.number(), end: v.number(), unitRatePerKwh: v.number() }),
  v.metadata({ ref: 'DynamicRateView' }),
);

export const RatesPageSchema = v.pipe(
  v.object({
    pricePlanId: v.string(),
    channel: v.picklist(['import', 'export']),
    currency: v.string(),
    rates: v.array(RateViewSchema),
    next: v.pipe(
      v.nullable(v.string()),
      v.description('Cursor of the next page; `null` on the last.'),
    ),
  }),
  v.metadata({ ref: 'RatesPage' }),
);

export const RatesPublishedSchema = v.pipe(
  v.object({
    pricePlanId: v.string(),
    channel: v.picklist(['import', 'export']),
    stored: v.pipe(v.number(), v.description('How many rates were published.')),
  }),
  v.metadata({ ref: 'RatesPublished' }),
);
