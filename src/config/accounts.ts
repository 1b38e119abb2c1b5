/** The price plan on each customer's account, by smart meter id (meter ids are case-sensitive). */
export const ACCOUNTS: Readonly<Record<string, string>> = {
  'smart-meter-0': 'price-plan-0', // Sarah
  'smart-meter-1': 'price-plan-1', // Peter
  'smart-meter-2': 'price-plan-0', // Charlie
  'smart-meter-3': 'price-plan-2', // Andrea
  'smart-meter-4': 'price-plan-1', // Alex
};

/** The price plan on the meter's account, or `null` when the meter has no account. */
export function pricePlanOfMeter(smartMeterId: string): string | null {
  return Object.hasOwn(ACCOUNTS, smartMeterId) ? (ACCOUNTS[smartMeterId] ?? null) : null;
}
