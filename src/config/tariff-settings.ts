import { env } from 'cloudflare:workers';

const DEFAULT_CURRENCY = 'GBP';
const DEFAULT_REFRESH_SECONDS = 30;
/** The contract's bound on how long a publication may take to show in every answer. */
export const MAX_REFRESH_SECONDS = 60;

/** The catalogue's currency (CURRENCY, ISO 4217, default GBP); an invalid one is a config error. */
export function currencyOf(bindings: { CURRENCY?: string }): string {
  const value = bindings.CURRENCY?.trim() || DEFAULT_CURRENCY;
  if (!/^[A-Z]{3}$/.test(value)) {
    throw new Error(
      `CURRENCY must be an ISO 4217 code such as GBP or EUR, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * How long a Worker may answer from the catalogue it read before asking D1 whether anything
 * changed (TARIFF_REFRESH_SECONDS, 1 to 60, default 30): the bound on how late a publication shows.
 */
export function tariffRefreshSeconds(bindings: { TARIFF_REFRESH_SECONDS?: string }): number {
  return secondsSetting('TARIFF_REFRESH_SECONDS', bindings.TARIFF_REFRESH_SECONDS, {
    fallback: DEFAULT_REFRESH_SECONDS,
    min: 1,
    max: MAX_REFRESH_SECONDS,
  });
}

/**
 * A variable holding a whole number of seconds: `fallback` when unset or empty; any other text, or
 * a number outside `[min, max]`, is a config error that names the variable.
 */
export function secondsSetting(
  name: string,
  value: string | undefined,
  { fallback, min, max }: { readonly fallback: number; readonly min: number; readonly max: number },
): number {
  const text = value?.trim() ?? '';
  if (text === '') return fallback;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new Error(
      `${name} must be a whole number of seconds from ${min} to ${max}, not ${JSON.stringify(text)}`,
    );
  }
  return seconds;
}

// Checked when the Worker starts, so that a bad value fails the deploy, never a request.
currencyOf(env as { CURRENCY?: string });
tariffRefreshSeconds(env as { TARIFF_REFRESH_SECONDS?: string });
