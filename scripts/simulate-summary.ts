/**
 * The summary `npm run simulate` prints on stdout: what was posted and stored, what failed, how
 * fast, and with --live how soon the meters' feeds told their listeners.
 */
import type { LiveFeeds } from './live-feeds.ts';
import { type AnsweredStore, deliveries, summarizeLatencies } from './live-latency.ts';
import type { SimulationOptions } from './simulate-options.ts';
import type { SimulatedHousehold, StoreKind } from './simulate-requests.ts';
import { halfHoursPerMeter, type ReadingSchedule } from './simulate-schedule.ts';
import { HALF_HOUR_SECONDS, solarKwh } from './solar-power.ts';

/** Running totals of a run. */
export interface Tally {
  requests: number;
  readonly stored: Record<StoreKind, number>;
  exportedKwh: number;
  readonly errors: Map<string, number>;
  readonly firstDetails: Map<string, string>;
  /**
   * Each meter's answered import stores (readings or import intervals): what its live feed must
   * tell. Export stores are left out: they need not move the feed's latest data time.
   */
  readonly importStores: Map<string, AnsweredStore[]>;
}

export function emptyTally(): Tally {
  return {
    requests: 0,
    stored: { readings: 0, import: 0, export: 0 },
    exportedKwh: 0,
    errors: new Map(),
    firstDetails: new Map(),
    importStores: new Map(),
  };
}

const count = (value: number): string => value.toLocaleString('en-US');
const isoTime = (epochSeconds: number): string =>
  new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
const kwhText = (kwh: number): string =>
  kwh.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const msText = (ms: number): string => `${ms < 0 ? '−' : ''}${Math.abs(ms).toFixed(0)} ms`;

/** The solar households' generation over the half hours they posted, kWh (exact). */
function generatedKwh(
  households: readonly SimulatedHousehold[],
  schedule: ReadingSchedule,
): number {
  const from = Math.ceil(schedule.firstEpochSeconds / HALF_HOUR_SECONDS) * HALF_HOUR_SECONDS;
  const to = from + halfHoursPerMeter(schedule) * HALF_HOUR_SECONDS;
  return households.reduce(
    (sum, { solar }) => sum + (solar === null ? 0 : solarKwh(solar, from, to)),
    0,
  );
}

function storedLines(
  options: SimulationOptions,
  schedule: ReadingSchedule,
  households: readonly SimulatedHousehold[],
  tally: Tally,
): string[] {
  const solarMeters = households.filter(({ solar }) => solar !== null).length;
  const halfHours = halfHoursPerMeter(schedule);
  const lines =
    options.source === 'readings'
      ? [
          `readings stored: ${count(tally.stored.readings)} of ${count(schedule.readingsPerMeter * options.meters)}`,
        ]
      : [
          `import stored:   ${count(tally.stored.import)} of ${count(halfHours * options.meters)} half-hourly intervals`,
        ];
  if (solarMeters > 0) {
    const generated = generatedKwh(households, schedule);
    const usedAtHome = generated > 0 ? 1 - tally.exportedKwh / generated : 0;
    lines.push(
      `export stored:   ${count(tally.stored.export)} of ${count(halfHours * solarMeters)} half-hourly intervals`,
      `solar:           ${kwhText(generated)} kWh generated, ${kwhText(tally.exportedKwh)} kWh exported (${Math.round(usedAtHome * 100)}% used at home)`,
    );
  }
  return lines;
}

/** Every socket's deliveries of its meter's import stores. */
function socketDeliveries(feeds: LiveFeeds & { kind: 'open' }, tally: Tally) {
  return feeds.sockets.map((socket) =>
    deliveries(tally.importStores.get(socket.smartMeterId) ?? [], socket.updates),
  );
}

function liveLines(feeds: LiveFeeds, tally: Tally): string[] {
  if (feeds.kind === 'unavailable') return [`live:            unavailable: ${feeds.reason}`];
  const delivered = socketDeliveries(feeds, tally);
  const latencies = delivered.flatMap(({ latenciesMs }) => latenciesMs);
  const undelivered = delivered.reduce((sum, { undelivered }) => sum + undelivered, 0);
  const updates = feeds.sockets.reduce((sum, socket) => sum + socket.updates.length, 0);
  const messages = feeds.sockets.reduce(
    (sum, socket) => sum + socket.snapshots + socket.updates.length + socket.otherMessages,
    0,
  );
  const meters = new Set(feeds.sockets.map((socket) => socket.smartMeterId)).size;
  const lines = [
    `live:            ${count(feeds.sockets.length)} clients on ${count(meters)} meters: ${count(latencies.length)} of ${count(latencies.length + undelivered)} stores heard of, ${count(updates)} updates, ${count(messages)} messages in all`,
  ];
  const summary = summarizeLatencies(latencies);
  if (summary !== null) {
    const early =
      summary.beforeAnswer > 0 ? ` (${count(summary.beforeAnswer)} arrived before the answer)` : '';
    lines.push(
      `latency:         p50 ${msText(summary.p50Ms)}, p99 ${msText(summary.p99Ms)}, max ${msText(summary.maxMs)} from a store's answer to its update${early}`,
    );
  }
  const closed = feeds.sockets.filter((socket) => socket.closedEarly !== null);
  if (closed.length > 0) {
    const first = closed[0]?.closedEarly;
    lines.push(
      `closed early:    ${count(closed.length)} clients (first: code ${first?.code}${first?.reason ? `, ${first.reason}` : ''})`,
    );
  }
  return lines;
}

/** Whether the feed was there, no client was closed, and every store was heard of. */
export function liveFeedsHeardEverything(feeds: LiveFeeds, tally: Tally): boolean {
  if (feeds.kind === 'unavailable') return false;
  return (
    feeds.sockets.every((socket) => socket.closedEarly === null) &&
    socketDeliveries(feeds, tally).every(({ undelivered }) => undelivered === 0)
  );
}

/** Prints the summary on stdout, and the first detail of each kind of error on stderr. */
export function printSummary(
  options: SimulationOptions,
  schedule: ReadingSchedule,
  households: readonly SimulatedHousehold[],
  tally: Tally,
  feeds: LiveFeeds | null,
  elapsedSeconds: number,
): void {
  const evMeters = households.filter(({ profile }) => profile.ev !== null).length;
  const solarMeters = households.filter(({ solar }) => solar !== null).length;
  const solarText = options.solarShare > 0 ? `, ${solarMeters} with solar panels` : '';
  const errors = [...tally.errors].map(([error, times]) => `${error}: ${count(times)}`);
  const perSecond = (value: number) => count(Math.round(value / elapsedSeconds));
  const perRequest =
    options.source === 'readings'
      ? `${count(schedule.readingsPerRequest)} readings`
      : `${count(Math.ceil((schedule.readingsPerRequest * schedule.intervalSeconds) / HALF_HOUR_SECONDS))} half-hourly intervals`;
  const throughput =
    options.source === 'readings'
      ? `${perSecond(tally.stored.readings)} readings/s`
      : `${perSecond(tally.stored.import + tally.stored.export)} intervals/s`;
  console.log(
    [
      `meters:          ${count(options.meters)} (${options.prefix}-0 … ${options.prefix}-${options.meters - 1}; ${evMeters} charging an EV${solarText})`,
      `days:            ${options.days} (${isoTime(schedule.firstEpochSeconds)} … ${isoTime(schedule.lastEpochSeconds)})`,
      `interval:        ${options.intervalSeconds} s (seed ${options.seed})`,
      `requests:        ${count(tally.requests)} (up to ${perRequest} each, ${options.concurrency} at once)`,
      ...storedLines(options, schedule, households, tally),
      `errors:          ${errors.length === 0 ? 'none' : errors.join(', ')}`,
      ...(feeds === null ? [] : liveLines(feeds, tally)),
      `elapsed:         ${elapsedSeconds.toFixed(2)} s`,
      `throughput:      ${throughput}, ${(tally.requests / elapsedSeconds).toFixed(1)} requests/s`,
    ].join('\n'),
  );
  for (const [error, detail] of tally.firstDetails) console.error(`first ${error}: ${detail}`);
}
