/**
 * Cloudflare's list prices (Workers Paid, US dollars) that `npm run bench` prices a meter-year
 * at, as published on the pricing pages of Workers, Durable Objects, Queues and D1. The monthly
 * amounts included in the plan are left out: a fleet of meters uses them up, and the figure is
 * the marginal cost of one more meter.
 */
export const PRICES_AS_OF = '2026-11-29';

export const CLOUDFLARE_PRICES = {
  workerRequestsPerMillion: 0.3,
  workerCpuMsPerMillion: 0.02,
  durableObjectRequestsPerMillion: 0.15,
  durableObjectGbSecondsPerMillion: 12.5,
  /** Durable Objects bill duration as if every object used 128 MB. */
  durableObjectMemoryGb: 0.128,
  sqlRowsReadPerMillion: 0.001,
  sqlRowsWrittenPerMillion: 1.0,
  sqlStoredGbMonth: 0.2,
  /** One operation per 64 KB written, read or deleted: a small message costs three. */
  queueOperationsPerMillion: 0.4,
  queueOperationsPerMessage: 3,
  d1RowsReadPerMillion: 0.001,
  d1RowsWrittenPerMillion: 1.0,
} as const;
