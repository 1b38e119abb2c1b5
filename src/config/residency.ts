import { env } from 'cloudflare:workers';

/** The Durable Objects jurisdictions meters may be kept in (Cloudflare's list). */
export const JURISDICTIONS = ['eu', 'fedramp', 'fedramp-high', 'us'] as const;

/**
 * The jurisdiction of METER_JURISDICTION (empty: none, objects anywhere); an unknown value is a
 * config error.
 */
export function jurisdictionOf(value: string | undefined): DurableObjectJurisdiction | null {
  if (value === undefined || value === '') return null;
  const known: readonly string[] = JURISDICTIONS;
  if (!known.includes(value)) {
    throw new Error(
      `METER_JURISDICTION must be empty or one of ${JURISDICTIONS.join(', ')}, not ${JSON.stringify(value)}`,
    );
  }
  return value as DurableObjectJurisdiction;
}

// Checked when the Worker starts, so that an unknown value fails the deploy, never a request.
jurisdictionOf(env.METER_JURISDICTION);

/** Meters are kept in a jurisdiction this runtime cannot place objects in (routes answer 503). */
export class MeterStorageUnavailableError extends Error {
  constructor(jurisdiction: DurableObjectJurisdiction) {
    super(
      `Meters are kept in the ${jurisdiction} jurisdiction, which this runtime cannot place objects in; unset METER_JURISDICTION to run locally`,
    );
    this.name = 'MeterStorageUnavailableError';
  }
}

/**
 * The namespace every meter object is created and addressed in: inside the configured
 * jurisdiction, so each meter's storage stays there; the same name in another jurisdiction (or
 * none) is another object.
 */
export function meters(bindings: Env): DurableObjectNamespace<import('../meter/meter').Meter> {
  const jurisdiction = jurisdictionOf(bindings.METER_JURISDICTION);
  if (jurisdiction === null) return bindings.METER;
  try {
    return bindings.METER.jurisdiction(jurisdiction);
  } catch {
    // Local workerd (wrangler dev, the tests) does not implement jurisdictions: refuse plainly.
    throw new MeterStorageUnavailableError(jurisdiction);
  }
}
