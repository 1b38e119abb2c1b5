import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerTo,
  newMeterId,
  openAccount,
  postReadings,
  type ReadingInput,
  request,
} from '../helpers';

const at = (iso: string) => Date.parse(iso) / 1000;
const HOUR = 3600;

interface UsageBody {
  smartMeterId: string;
  timeZone: string;
  groupBy: string;
  pricePlanId: string | null;
  intervals: { start: number; end: number; kwh: number; cost: number | null }[];
  next: string | null;
}

/** A constant power, one reading an hour from `fromIso` to `toIso` inclusive. */
function hourlyReadings(kw: number, fromIso: string, toIso: string): ReadingInput[] {
  const readings: ReadingInput[] = [];
  for (let time = at(fromIso); time <= at(toIso); time += HOUR)
    readings.push({ time, reading: kw });
  return readings;
}

/** A meter of the test's own holding the readings, on a plan when one is given. */
async function meterWith(readings: ReadingInput[], pricePlanId?: string): Promise<string> {
  const smartMeterId = newMeterId();
  const stored = await postReadings(smartMeterId, readings);
  if (stored.status !== 200) throw new Error(`readings not stored: ${stored.status}`);
  if (pricePlanId) await openAccount(smartMeterId, pricePlanId);
  return smartMeterId;
}

describe('GET /meters/{smartMeterId}/usage', () => {
  it('answers kWh and cost per day, the first and last day cut at the readings', async () => {
    const id = await meterWith(
      hourlyReadings(2, '2024-05-01T06:00:00Z', '2024-05-03T18:00:00Z'),
      'price-plan-0',
    );

    const answer = await answerTo<UsageBody>(`/meters/${id}/usage?groupBy=day`);

    expect(answer).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: {
        smartMeterId: id,
        currency: 'GBP',
        timeZone: 'UTC',
        groupBy: 'day',
        pricePlanId: 'price-plan-0',
        intervals: [
          {
            start: at('2024-05-01T06:00:00Z'),
            end: at('2024-05-02T00:00:00Z'),
            kwh: 36,
            cost: 360,
          },
          {
            start: at('2024-05-02T00:00:00Z'),
            end: at('2024-05-03T00:00:00Z'),
            kwh: 48,
            cost: 480,
          },
          {
            start: at('2024-05-03T00:00:00Z'),
            end: at('2024-05-03T18:00:00Z'),
            kwh: 36,
            cost: 360,
          },
        ],
        next: null,
      },
    });
  });

  it('groups by half hour by default, and leaves out what lies outside the readings', async () => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T10:00:00Z', '2024-05-01T12:00:00Z'));

    const answer = await answerTo<UsageBody>(
      `/meters/${id}/usage?from=${at('2024-05-01T00:00:00Z')}&to=${at('2024-05-02T00:00:00Z')}`,
    );

    expect(answer.status).toBe(200);
    expect(answer.body.groupBy).toBe('half_hour');
    expect(answer.body.intervals.map((interval) => [interval.start, interval.kwh])).toEqual([
      [at('2024-05-01T10:00:00Z'), 0.5],
      [at('2024-05-01T10:30:00Z'), 0.5],
      [at('2024-05-01T11:00:00Z'), 0.5],
      [at('2024-05-01T11:30:00Z'), 0.5],
    ]);
  });

  it('gives no plan and no cost for a meter without an account', async () => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T10:00:00Z', '2024-05-01T12:00:00Z'));
    const answer = await answerTo<UsageBody>(`/meters/${id}/usage?groupBy=hour`);
    expect(answer.body.pricePlanId).toBeNull();
    expect(answer.body.intervals.map((interval) => interval.cost)).toEqual([null, null]);
  });

  it('aligns days to the time zone asked for, spelt canonically', async () => {
    const id = await meterWith(hourlyReadings(1, '2024-07-01T12:00:00Z', '2024-07-02T12:00:00Z'));
    const answer = await answerTo<UsageBody>(
      `/meters/${id}/usage?groupBy=day&timeZone=europe/london`,
    );
    expect(answer.body.timeZone).toBe('Europe/London');
    // London is an hour ahead in summer: its 2 July begins at 23:00 UTC on the 1st.
    expect(answer.body.intervals.map((interval) => [interval.start, interval.end])).toEqual([
      [at('2024-07-01T12:00:00Z'), at('2024-07-01T23:00:00Z')],
      [at('2024-07-01T23:00:00Z'), at('2024-07-02T12:00:00Z')],
    ]);
  });

  it('pages through the intervals with the cursor it gives, to the same intervals as one page', async () => {
    const id = await meterWith(hourlyReadings(1.5, '2024-05-01T00:00:00Z', '2024-05-01T10:00:00Z'));
    const whole = await answerTo<UsageBody>(`/meters/${id}/usage?groupBy=hour`);

    const paged: UsageBody['intervals'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await answerTo<UsageBody>(`/meters/${id}/usage?groupBy=hour&pageSize=3${query}`);
      expect(page.status).toBe(200);
      paged.push(...page.body.intervals);
      cursor = page.body.next;
      pages += 1;
    } while (cursor !== null);

    expect(pages).toBe(4);
    expect(paged).toEqual(whole.body.intervals);
    expect(paged).toHaveLength(10);
  });

  it('streams the whole window as CSV with ISO times in the zone’s offset', async () => {
    const id = await meterWith(
      hourlyReadings(2, '2024-10-26T22:00:00Z', '2024-10-27T02:00:00Z'),
      'price-plan-2',
    );

    const answer = await answerTo(
      `/meters/${id}/usage?groupBy=hour&timeZone=Europe/London&pageSize=1`,
      {
        headers: { Accept: 'text/csv' },
      },
    );

    expect(answer.status).toBe(200);
    expect(answer.mediaType).toBe('text/csv');
    // The hour from 01:00 is lived twice that night, once in summer time and once in winter time.
    expect(answer.body).toBe(
      [
        'start,end,kwh,cost',
        '2024-10-26T23:00:00+01:00,2024-10-27T00:00:00+01:00,2,2',
        '2024-10-27T00:00:00+01:00,2024-10-27T01:00:00+01:00,2,2',
        '2024-10-27T01:00:00+01:00,2024-10-27T01:00:00+00:00,2,2',
        '2024-10-27T01:00:00+00:00,2024-10-27T02:00:00+00:00,2,2',
        '',
      ].join('\n'),
    );
  });

  it('names the CSV download as an attachment and streams more than one page of it', async () => {
    // 3,000 quarter hours: more than one page of the CSV stream.
    const readings = hourlyReadings(1, '2024-01-01T00:00:00Z', '2024-02-01T06:00:00Z');
    const id = await meterWith(readings);
    const response = await request(`/meters/${id}/usage?groupBy=quarter_hour`, {
      headers: { Accept: 'text/csv' },
    });
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${id}-usage-quarter_hour.csv"`,
    );
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('start,end,kwh,cost');
    expect(lines).toHaveLength(1 + (at('2024-02-01T06:00:00Z') - at('2024-01-01T00:00:00Z')) / 900);
    expect(lines.at(-1)).toBe('2024-02-01T05:45:00+00:00,2024-02-01T06:00:00+00:00,0.25,');
  });

  it('answers 404 for a meter with no readings', async () => {
    const answer = await answerTo(`/meters/${newMeterId()}/usage`);
    expect(answer).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      body: { status: 404 },
    });
  });

  it.each([
    ['groupBy=minute', 'groupBy', 'must be one of quarter_hour, half_hour, hour, day, week, month'],
    [
      'timeZone=Mars/Olympus_Mons',
      'timeZone',
      'must be a time zone Intl knows, e.g. Europe/London',
    ],
    ['pageSize=0', 'pageSize', 'must be a whole number from 1 to 10000'],
    ['pageSize=10001', 'pageSize', 'must be a whole number from 1 to 10000'],
    ['pageSize=ten', 'pageSize', 'must be a whole number from 1 to 10000'],
    ['cursor=not-a-cursor', 'cursor', 'is not a cursor this API gave out: pass `next` as it came'],
    ['from=10&to=5', 'to', 'must be after from'],
    ['to=253402300800', 'to', 'must be at most 253402300799 (9999-12-31T23:59:59Z)'],
    ['groupBy=day&groupBy=hour', 'groupBy', 'must be given once'],
  ])('answers 422 for %s', async (query, path, message) => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T10:00:00Z', '2024-05-01T12:00:00Z'));
    const answer = await answerTo(`/meters/${id}/usage?${query}`);
    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { type: '/problems/validation', errors: [{ path, message }] },
    });
  });

  it('gives each interval the kWh of its own window to the last digit, whatever the page', async () => {
    // Uneven readings every 7 minutes, days in Kolkata (they begin at 18:30 UTC).
    const start = at('2024-05-01T03:07:00Z');
    const readings = Array.from({ length: 900 }, (_, i) => ({
      time: start + i * 420,
      reading: 0.137 + ((i * 37) % 29) / 13,
    }));
    const id = await meterWith(readings);
    const query = `/meters/${id}/usage?groupBy=day&timeZone=Asia/Kolkata`;
    const whole = (await answerTo<UsageBody>(query)).body.intervals;

    const paged: UsageBody['intervals'] = [];
    for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
      const page: UsageBody = (
        await answerTo<UsageBody>(`${query}&pageSize=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).body;
      paged.push(...page.intervals);
      cursor = page.next;
    }

    expect(paged).toEqual(whole);
    for (const interval of whole) {
      const window = await answerTo<{ kwh: number }>(
        `/meters/${id}/comparison?from=${interval.start}&to=${interval.end}`,
      );
      expect(interval.kwh).toBe(window.body.kwh);
    }
  });

  it('answers JSON or CSV by Accept, and says so with Vary', async () => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T10:00:00Z', '2024-05-01T12:00:00Z'));
    const response = await request(`/meters/${id}/usage`);
    expect(response.headers.get('vary')).toContain('Accept');
  });

  it('spells a time zone given in the wrong case as IANA does, and keeps its cursor working', async () => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T00:00:00Z', '2024-05-01T10:00:00Z'));
    const first = await answerTo<UsageBody>(
      `/meters/${id}/usage?groupBy=hour&timeZone=asia/kolkata&pageSize=2`,
    );
    expect(first.body.timeZone).toBe('Asia/Kolkata');
    const next = await answerTo(
      `/meters/${id}/usage?groupBy=hour&timeZone=Asia/Kolkata&pageSize=2&cursor=${first.body.next}`,
    );
    expect(next.status).toBe(200);
  });

  it.each([
    ['US/Pacific', 'America/Los_Angeles'],
    ['asia/calcutta', 'Asia/Kolkata'],
    ['Etc/UTC', 'UTC'],
  ])('answers the zone %j by its current IANA name, %j', async (asked, answered) => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T00:00:00Z', '2024-05-01T03:00:00Z'));
    const usage = await answerTo<UsageBody>(`/meters/${id}/usage?timeZone=${asked}`);
    expect(usage.body.timeZone).toBe(answered);
  });

  it('downloads the whole window as CSV even with a cursor', async () => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T00:00:00Z', '2024-05-01T10:00:00Z'));
    const first = await answerTo<UsageBody>(`/meters/${id}/usage?groupBy=hour&pageSize=2`);
    const csv = await answerTo(`/meters/${id}/usage?groupBy=hour&cursor=${first.body.next}`, {
      headers: { Accept: 'text/csv' },
    });
    expect(String(csv.body).trimEnd().split('\n')).toHaveLength(1 + 10);
  });

  it('refuses a cursor of another meter, and one that points where no interval of the window starts', async () => {
    const readings = hourlyReadings(1, '2024-05-01T00:00:00Z', '2024-05-01T10:00:00Z');
    const [mine, other] = [await meterWith(readings), await meterWith(readings)];
    const { next } = (await answerTo<UsageBody>(`/meters/${mine}/usage?groupBy=hour&pageSize=2`))
      .body;
    // What a client editing a cursor would send: the same encoding, another `at`.
    const forged = (cursorAt: number) =>
      btoa(JSON.stringify({ smartMeterId: mine, at: cursorAt, groupBy: 'hour' }))
        .replaceAll('+', '-')
        .replaceAll('/', '_')
        .replace(/=+$/, '');
    const refusal = {
      status: 422,
      mediaType: 'application/problem+json',
      body: {
        errors: [
          {
            path: 'cursor',
            message: expect.stringMatching(/^is not a cursor this API gave out/),
          },
        ],
      },
    };
    expect(
      await answerTo(`/meters/${other}/usage?groupBy=hour&pageSize=2&cursor=${next}`),
    ).toMatchObject(refusal);
    const outOfPlace = [
      at('2024-05-01T03:17:00Z'), // inside the window, not on an hour
      at('2024-04-30T00:00:00Z'), // on an hour, before the window
      0,
      at('2024-05-01T10:00:00Z'), // on an hour, at the window's end
      at('2024-05-03T00:00:00Z'), // on an hour, after the window
      253_402_300_800, // past the last second calendars reach
      1e15,
    ];
    for (const cursorAt of outOfPlace) {
      expect(
        await answerTo(`/meters/${mine}/usage?groupBy=hour&pageSize=2&cursor=${forged(cursorAt)}`),
        `cursor at ${cursorAt}`,
      ).toMatchObject(refusal);
    }
  });

  it('refuses a cursor with a query other than the one it came from', async () => {
    const id = await meterWith(hourlyReadings(1, '2024-05-01T00:00:00Z', '2024-05-01T10:00:00Z'));
    const first = await answerTo<UsageBody>(`/meters/${id}/usage?groupBy=hour&pageSize=2`);
    const answer = await answerTo(`/meters/${id}/usage?groupBy=day&cursor=${first.body.next}`);
    expect(answer).toMatchObject({
      status: 422,
      body: {
        errors: [
          {
            path: 'cursor',
            message:
              'belongs to another query: repeat the groupBy, timeZone, from and to it came with',
          },
        ],
      },
    });
  });

  it('splits the window’s kWh into intervals that add up to it, for every grouping and zone', async () => {
    const start = at('2024-03-29T00:00:00Z');
    const readingArb = fc.record({
      time: fc.integer({ min: start, max: start + 4 * 86_400 }),
      reading: fc.double({ min: 0, max: 30, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(readingArb, { minLength: 2, maxLength: 60 }),
        fc.constantFrom('quarter_hour', 'half_hour', 'hour', 'day', 'week', 'month'),
        fc.constantFrom(
          'UTC',
          'Europe/London',
          'Asia/Kolkata',
          'Asia/Kathmandu',
          'Australia/Lord_Howe',
        ),
        fc.option(fc.integer({ min: start - 86_400, max: start + 2 * 86_400 }), { nil: undefined }),
        async (readings, groupBy, timeZone, from) => {
          const id = await meterWith(readings);
          const window = from === undefined ? '' : `&from=${from}`;
          const usage = await answerTo<UsageBody>(
            `/meters/${id}/usage?groupBy=${groupBy}&timeZone=${timeZone}&pageSize=10000${window}`,
          );
          const comparison = await answerTo<{ kwh: number }>(
            `/meters/${id}/comparison?${window.slice(1)}`,
          );
          const summed = usage.body.intervals.reduce((kwh, interval) => kwh + interval.kwh, 0);
          expect(Math.abs(summed - comparison.body.kwh)).toBeLessThanOrEqual(
            1e-9 * Math.max(1, comparison.body.kwh),
          );
          for (const [i, interval] of usage.body.intervals.entries()) {
            expect(interval.end).toBeGreaterThan(interval.start);
            if (i > 0) expect(interval.start).toBe(usage.body.intervals[i - 1]?.end);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
