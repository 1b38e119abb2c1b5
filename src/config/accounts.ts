/**
 * The trial customers' plans, by smart meter id (case-sensitive): each trial meter's account until
 * one is stored with the meter.
 */
export const TRIAL_ACCOUNTS: Readonly<Record<string, string>> = {
  'smart-meter-0': 'price-plan-0', // Sarah
  'smart-meter-1': 'price-plan-1', // Peter
  'smart-meter-2': 'price-plan-0', // Charlie
  'smart-meter-3': 'price-plan-2', // Andrea
  'smart-meter-4': 'price-plan-1', // Alex
};

/** The trial plan of a meter, or `null` for a meter that is not one of the trial meters. */
export function trialPricePlanOf(smartMeterId: string | undefined): string | null {
  if (smartMeterId === undefined || !Object.hasOwn(TRIAL_ACCOUNTS, smartMeterId)) return null;
  return TRIAL_ACCOUNTS[smartMeterId] ?? null;
}

/** The trial customers' first names, by smart meter id: whom their page greets. */
export const TRIAL_CUSTOMERS: Readonly<Record<string, string>> = {
  'smart-meter-0': 'Sarah',
  'smart-meter-1': 'Peter',
  'smart-meter-2': 'Charlie',
  'smart-meter-3': 'Andrea',
  'smart-meter-4': 'Alex',
};
