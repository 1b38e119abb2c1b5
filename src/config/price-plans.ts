import type { PricePlan } from '../energy/types';

/** The suppliers' tariffs. Changing a rate here changes every comparison and recommendation. */
export const PRICE_PLANS = [
  { id: 'price-plan-0', supplier: "Dr Evil's Dark Energy", unitRatePerKwh: 10 },
  { id: 'price-plan-1', supplier: 'The Green Eco', unitRatePerKwh: 2 },
  { id: 'price-plan-2', supplier: 'Power for Everyone', unitRatePerKwh: 1 },
] as const satisfies readonly PricePlan[];
