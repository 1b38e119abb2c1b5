import { describe, expect, it } from 'vitest';
import type { FleetMessage } from '../../src/fleet/fleet-message';
import {
  asOperatorGet,
  deliverFleetMessages,
  eventually,
  type FleetIntervalBody,
  fleetUsage,
  pastQueueDelay,
} from '../fleet-requests';
import {
  answerOf,
  bearer,
  newMeterId,
  postJson,
  postReadings,
  type ReadingInput,
  request,
} from '../helpers';

// The fleet's totals, built by meters through the queue and D1, against the meters' own usage.
// D1 is shared by the tests of this file: each test reads a window of time no other one writes.

const DAY = 86_400;
const HALF_HOUR = 1800;
// 2024-03-01T00:00:00Z.
const T0 = 1_709_251_200;

/** A small seeded generator (mulberry32): the same meters every run, so a failure reproduces. */
function randomOf(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function readingsBetween(from: number, to: number, step: number, random: () => number) {
  const readings: ReadingInput[] = [];
  for (let time = from; time <= to; time += step) {
    readings.push({ time, reading: Math.round(random() * 5000) / 1000 });
  }
  return readings;
}

function intervalsBetween(from: number, to: number, span: number, random: () => number) {
  const intervals: { start: number; end: number; kwh: number }[] = [];
  for (let start = from; start + span <= to; start += span) {
    intervals.push({ start, end: start + span, kwh: Math.round(random() * 2000) / 1000 });
  }
  return intervals;
}

type Upload =
  | { readonly readings: ReadingInput[] }
  | {
      readonly channel: 'import' | 'export';
      readonly intervals: { start: number; end: number; kwh: number }[];
    };

/**
 * What meter `index` uploads, in order: readings out of order and re-posted with other values,
 * batches spanning each other, long gaps that stay or change, import and export intervals
 * (15 and 45 minutes, across half hours) re-posted with other kWh, export beside readings.
 */
function uploadsOf(index: number): Upload[] {
  const random = randomOf(index + 1);
  const offset = Math.floor(random() * 360) * 60;
  switch (index % 5) {
    case 0: {
      const first = readingsBetween(T0 + offset, T0 + offset + 2 * DAY, 600, random);
      const changed = first
        .filter(() => random() < 0.3)
        .map(({ time }) => ({ time, reading: random() * 4 }));
      const later = readingsBetween(
        T0 + offset + 2 * DAY + 420,
        T0 + offset + 3 * DAY,
        600,
        random,
      );
      const second = shuffled([...changed, ...later], random);
      return [{ readings: shuffled(first, random) }, { readings: second }, { readings: second }];
    }
    case 1: {
      // The later day first: the earlier one opens a gap of twelve whole days, which stays.
      const late = readingsBetween(T0 + 14 * DAY + offset, T0 + 15 * DAY, 900, random);
      const early = readingsBetween(T0 + offset, T0 + DAY, 900, random);
      return [{ readings: shuffled(late, random) }, { readings: shuffled(early, random) }];
    }
    case 2: {
      // A gap, then the reading at its far end changes (its piece is replaced), then one in its
      // middle ends it (two runs of days too short to be gaps).
      const ends = [
        ...readingsBetween(T0 + offset, T0 + DAY / 2, 1200, random),
        ...readingsBetween(T0 + 12 * DAY, T0 + 12 * DAY + DAY / 2, 1200, random),
      ];
      const moved = { time: T0 + 12 * DAY, reading: 3 + random() };
      const middle = readingsBetween(T0 + 6 * DAY, T0 + 6 * DAY + 3600, 600, random);
      return [{ readings: shuffled(ends, random) }, { readings: [moved] }, { readings: middle }];
    }
    case 3: {
      const start = T0 + 3 * DAY + offset;
      const quarters = intervalsBetween(start, start + DAY, 900, random);
      const threeQuarters = intervalsBetween(start + DAY, start + 2 * DAY, 2700, random);
      const changed = quarters
        .filter(() => random() < 0.3)
        .map((interval) => ({ ...interval, kwh: random() }));
      const exported = intervalsBetween(start + DAY / 2, start + 2 * DAY + 6 * 3600, 3600, random);
      return [
        { channel: 'import', intervals: threeQuarters },
        { channel: 'import', intervals: shuffled(quarters, random) },
        { channel: 'export', intervals: exported },
        { channel: 'import', intervals: changed },
      ];
    }
    default: {
      const start = T0 + 5 * DAY + offset;
      const exported = intervalsBetween(start, start + DAY / 2, HALF_HOUR, random);
      const changed = exported
        .filter(() => random() < 0.5)
        .map((interval) => ({ ...interval, kwh: random() }));
      const readings = readingsBetween(start - 3 * 3600, start + DAY / 2 + 3 * 3600, 300, random);
      return [
        { channel: 'export', intervals: exported },
        { readings: shuffled(readings, random) },
        { channel: 'export', intervals: changed },
      ];
    }
  }
}

async function upload(smartMeterId: string, what: Upload): Promise<void> {
  const response =
    'readings' in what
      ? await postReadings(smartMeterId, what.readings)
      : await postJson(`/meters/${smartMeterId}/intervals`, what);
  if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
}

/** Runs `task` on every item, `atOnce` at a time. */
async function eachAtOnce<T>(
  items: readonly T[],
  atOnce: number,
  task: (item: T) => Promise<void>,
) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: atOnce }, worker));
}

interface MeterInterval {
  start: number;
  end: number;
  kwh: number;
  exportKwh?: number;
}

/** The oracle: each meter's own usage per UTC half hour, summed over the meters. */
async function summedMeterUsage(ids: readonly string[], from: number, to: number) {
  const sums = new Map<number, FleetIntervalBody>();
  for (const id of ids) {
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({
        from: `${from}`,
        to: `${to}`,
        groupBy: 'half_hour',
        timeZone: 'UTC',
        pageSize: '10000',
      });
      if (cursor !== null) query.set('cursor', cursor);
      const { status, body } = await answerOf<{ intervals: MeterInterval[]; next: string | null }>(
        await request(`/meters/${id}/usage?${query}`),
      );
      expect(status).toBe(200);
      for (const interval of body.intervals) {
        const sum = sums.get(interval.start) ?? {
          ...interval,
          importKwh: 0,
          exportKwh: 0,
          meters: 0,
        };
        sum.importKwh += interval.kwh;
        sum.exportKwh += interval.exportKwh ?? 0;
        sum.meters += 1;
        sums.set(interval.start, sum);
      }
      cursor = body.next;
    } while (cursor !== null);
  }
  return [...sums.values()]
    .map(({ start, end, importKwh, exportKwh, meters }) => ({
      start,
      end,
      importKwh,
      exportKwh,
      meters,
    }))
    .sort((a, b) => a.start - b.start);
}

/** Half hours grouped into UTC hours or days as the contract says: sums, and the most meters. */
function grouped(halfHours: readonly FleetIntervalBody[], length: number): FleetIntervalBody[] {
  const groups = new Map<number, FleetIntervalBody>();
  for (const halfHour of halfHours) {
    const start = Math.floor(halfHour.start / length) * length;
    const group = groups.get(start) ?? {
      start,
      end: start + length,
      importKwh: 0,
      exportKwh: 0,
      meters: 0,
    };
    group.importKwh += halfHour.importKwh;
    group.exportKwh += halfHour.exportKwh;
    group.meters = Math.max(group.meters, halfHour.meters);
    groups.set(start, group);
  }
  return [...groups.values()].sort((a, b) => a.start - b.start);
}

const RELATIVE = 1e-9;
// Changes that cancel leave float rounding behind, far below any real energy.
const ABSOLUTE_KWH = 1e-12;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE_KWH;
}

/** What differs between the fleet's intervals and the expected ones (empty: they agree). */
function differences(actual: readonly FleetIntervalBody[], expected: readonly FleetIntervalBody[]) {
  const found: string[] = [];
  if (actual.length !== expected.length)
    found.push(`${actual.length} intervals, expected ${expected.length}`);
  expected.forEach((want, i) => {
    const got = actual[i];
    if (
      got === undefined ||
      got.start !== want.start ||
      got.end !== want.end ||
      got.meters !== want.meters ||
      !close(got.importKwh, want.importKwh) ||
      !close(got.exportKwh, want.exportKwh)
    ) {
      found.push(`expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  });
  return found.slice(0, 5);
}

describe('GET /fleet/usage', () => {
  it('equals the sum of 100 meters’ own usage once the queue is drained, and stays so', {
    timeout: 240_000,
  }, async () => {
    const ids = Array.from({ length: 100 }, () => newMeterId());
    const from = T0 - DAY;
    const to = T0 + 20 * DAY;
    await eachAtOnce([...ids.keys()], 10, async (index) => {
      for (const what of uploadsOf(index)) await upload(ids[index] as string, what);
    });
    const expected = await summedMeterUsage(ids, from, to);
    expect(expected.length).toBeGreaterThan(500);

    const drained = await eventually(
      () => fleetUsage(from, to),
      (intervals) => differences(intervals, expected).length === 0,
      60_000,
    );
    expect(differences(drained, expected)).toEqual([]);
    // Nothing late changes it: no message counted twice, none left behind.
    await pastQueueDelay();
    expect(differences(await fleetUsage(from, to), expected)).toEqual([]);
    expect(differences(await fleetUsage(from, to, 'hour', 100), grouped(expected, 3600))).toEqual(
      [],
    );
    expect(differences(await fleetUsage(from, to, 'day'), grouped(expected, DAY))).toEqual([]);
  });

  it('counts a message delivered twice once, and integrates long-gap pieces exactly', async () => {
    // 2001-01-01T00:00:00Z: no other test writes there.
    const t = 978_307_200;
    const message: FleetMessage = {
      id: `test-${crypto.randomUUID()}`,
      usage: [
        [t, 1.5, 0.25, 1],
        [t + HALF_HOUR, 0.5, 0, 1],
      ],
      // 1 kW at the next midnight, rising to 2 kW eight days later.
      gaps: [[t + DAY, t + 9 * DAY, 1, 2, 1]],
    };

    expect(await deliverFleetMessages([message])).toBe(true);
    expect(await deliverFleetMessages([message], 2)).toBe(true);
    const days = await fleetUsage(t, t + 10 * DAY, 'day');

    expect(days[0]).toEqual({ start: t, end: t + DAY, importKwh: 2, exportKwh: 0.25, meters: 1 });
    expect(days).toHaveLength(9);
    for (const [d, day] of days.slice(1).entries()) {
      // A day of the piece: 24 h × the mean of its power at either end.
      expect(day.start).toBe(t + (d + 1) * DAY);
      expect(day.importKwh).toBeCloseTo(24 * (1 + (d + 0.5) / 8), 9);
      expect(day.meters).toBe(1);
    }
    // The same changes under another id are another change: counted again.
    expect(await deliverFleetMessages([{ ...message, id: `test-${crypto.randomUUID()}` }])).toBe(
      true,
    );
    const [first] = await fleetUsage(t, t + HALF_HOUR);
    expect(first).toEqual({
      start: t,
      end: t + HALF_HOUR,
      importKwh: 3,
      exportKwh: 0.5,
      meters: 2,
    });
  });

  it('sums the messages of one batch into their half hours, a message repeated in it once', async () => {
    // 2001-06-01T00:00:00Z: no other test writes there.
    const t = 991_353_600;
    const meterA: FleetMessage = {
      id: `test-${crypto.randomUUID()}`,
      usage: [[t, 1.25, 0, 1]],
      gaps: [],
    };
    const meterB: FleetMessage = {
      id: `test-${crypto.randomUUID()}`,
      usage: [
        [t, 0.5, 0.125, 1],
        [t + HALF_HOUR, 2, 0, 1],
      ],
      gaps: [],
    };

    expect(await deliverFleetMessages([meterA, meterB, meterA])).toBe(true);

    expect(await fleetUsage(t, t + 2 * HALF_HOUR)).toEqual([
      { start: t, end: t + HALF_HOUR, importKwh: 1.75, exportKwh: 0.125, meters: 2 },
      { start: t + HALF_HOUR, end: t + 2 * HALF_HOUR, importKwh: 2, exportKwh: 0, meters: 1 },
    ]);
  });

  it('pages by `next`, skipping time without data, pages adding up to the whole', async () => {
    // 2002-01-01T00:00:00Z.
    const t = 1_009_843_200;
    const far = t + 400 * DAY;
    await deliverFleetMessages([
      {
        id: `test-${crypto.randomUUID()}`,
        usage: [
          [t, 1, 0, 1],
          [t + HALF_HOUR, 2, 0, 1],
          [t + 2 * HALF_HOUR, 3, 0, 2],
          [far, 4, 1, 1],
        ],
        gaps: [],
      },
    ]);
    const whole = await fleetUsage(t, far + DAY);
    const query = `from=${t}&to=${far + DAY}&pageSize=2`;

    const first = await answerOf<{ intervals: FleetIntervalBody[]; next: string }>(
      await asOperatorGet(`/fleet/usage?${query}`),
    );
    const second = await answerOf<{ intervals: FleetIntervalBody[]; next: string }>(
      await asOperatorGet(`/fleet/usage?${query}&cursor=${first.body.next}`),
    );
    const third = await answerOf<{ intervals: FleetIntervalBody[]; next: string | null }>(
      await asOperatorGet(`/fleet/usage?${query}&cursor=${second.body.next}`),
    );

    expect(whole.map((interval) => interval.importKwh)).toEqual([1, 2, 3, 4]);
    expect(first.body.intervals.map((interval) => interval.start)).toEqual([t, t + HALF_HOUR]);
    expect(second.body.intervals.map((interval) => interval.start)).toEqual([t + 2 * HALF_HOUR]);
    // 400 days on, past any one page's reach: `next` jumped there.
    expect(third.body.intervals.map((interval) => interval.start)).toEqual([far]);
    expect(third.body.next).toBeNull();
    expect([...first.body.intervals, ...second.body.intervals, ...third.body.intervals]).toEqual(
      whole,
    );
    // A window opening long before the data: its first page starts where the data does.
    const early = await answerOf<{ intervals: FleetIntervalBody[] }>(
      await asOperatorGet(`/fleet/usage?from=${t - 30 * DAY}&to=${far + DAY}&pageSize=2`),
    );
    expect(early.body.intervals).toEqual(first.body.intervals);
    // A cursor belongs to its query.
    const other = await answerOf(
      await asOperatorGet(`/fleet/usage?${query}&groupBy=hour&cursor=${first.body.next}`),
    );
    expect(other.status).toBe(422);
  });

  it('streams the window as CSV with a header row, the same intervals as JSON', async () => {
    // 2005-01-01T00:00:00Z.
    const t = 1_104_537_600;
    await deliverFleetMessages([
      {
        id: `test-${crypto.randomUUID()}`,
        usage: [
          [t, 1.25, 0, 1],
          [t + 3 * HALF_HOUR, 2, 0.5, 3],
        ],
        gaps: [],
      },
    ]);

    const response = await asOperatorGet(`/fleet/usage?from=${t}&to=${t + DAY}&groupBy=hour`, {
      headers: { Accept: 'text/csv' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('fleet-usage-hour.csv');
    expect(await response.text()).toBe(
      [
        'start,end,importKwh,exportKwh,meters',
        '2005-01-01T00:00:00Z,2005-01-01T01:00:00Z,1.25,0,1',
        '2005-01-01T01:00:00Z,2005-01-01T02:00:00Z,2,0.5,3',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['no window', '', 'from'],
    ['a start off the half hour', `from=${T0 + 60}&to=${T0 + DAY}`, 'from'],
    ['an end not after the start', `from=${T0}&to=${T0}`, 'to'],
    ['a grouping it does not keep', `from=${T0}&to=${T0 + DAY}&groupBy=week`, 'groupBy'],
    ['a page size of 0', `from=${T0}&to=${T0 + DAY}&pageSize=0`, 'pageSize'],
    ['a cursor it did not give out', `from=${T0}&to=${T0 + DAY}&cursor=bm9wZQ`, 'cursor'],
  ])('refuses %s with a 422 problem naming the parameter', async (_, query, path) => {
    const { status, mediaType, body } = await answerOf<{ errors: { path: string }[] }>(
      await asOperatorGet(`/fleet/usage?${query}`),
    );

    expect(status).toBe(422);
    expect(mediaType).toBe('application/problem+json');
    expect(body.errors.map((error) => error.path)).toContain(path);
  });

  it('refuses a CSV of more than 100,000 intervals before computing any', async () => {
    const { status, body } = await answerOf<{ type: string }>(
      await asOperatorGet(`/fleet/usage?from=0&to=${200_000 * HALF_HOUR}`, {
        headers: { Accept: 'text/csv' },
      }),
    );

    expect(status).toBe(422);
    expect(body.type).toBe('/problems/too-many-intervals');
  });

  it('answers 401 without a token and 403 to a meter’s own tokens', async () => {
    const path = `/fleet/usage?from=${T0}&to=${T0 + DAY}`;
    const meter = newMeterId();

    expect((await request(path, { headers: { Authorization: '' } })).status).toBe(401);
    expect((await request(path, { headers: await bearer('viewer', meter) })).status).toBe(403);
    expect((await request(path, { headers: await bearer('device', meter) })).status).toBe(403);
  });
});
