import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { meterToken } from '../../src/auth/token';

const origin = inject('workerUrl').replace(/\/$/, '');
const tokenKey = inject('tokenKey');

/** `npm run simulate -- <args>` against the served Worker, as a user runs it, with its key. */
function runSimulate(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/simulate.ts', '--url', origin, ...args], {
      env: { ...process.env, METER_TOKEN_KEY: tokenKey },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The summary's lines by label: `readings stored: 2,880 of 2,880` → ['readings stored', '2,880 of 2,880']. */
function summaryOf(stdout: string): Map<string, string> {
  return new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [label = '', ...rest] = line.split(':');
        return [label.trim(), rest.join(':').trim()] as const;
      }),
  );
}

async function storedIntervals(smartMeterId: string, channel: 'import' | 'export') {
  const token = await meterToken(tokenKey, smartMeterId, 'viewer');
  const response = await fetch(
    `${origin}/meters/${smartMeterId}/intervals?channel=${channel}&pageSize=10000`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { intervals: { start: number; end: number; kwh: number }[] })
    .intervals;
}

describe('npm run simulate', () => {
  it('posts readings and prints the summary it always printed, by default', async () => {
    const prefix = `e2e-sim-${crypto.randomUUID().slice(0, 8)}`;

    const run = await runSimulate('--meters', '2', '--days', '1', '--prefix', prefix);

    expect(run.status).toBe(0);
    const summary = summaryOf(run.stdout);
    expect([...summary.keys()]).toEqual([
      'meters',
      'days',
      'interval',
      'requests',
      'readings stored',
      'errors',
      'elapsed',
      'throughput',
    ]);
    expect(summary.get('readings stored')).toBe('2,880 of 2,880');
    expect(summary.get('meters')).toBe(`2 (${prefix}-0 … ${prefix}-1; 0 charging an EV)`);
  });

  it('posts half-hourly import, and the export of the solar households, as the API then holds them', async () => {
    const prefix = `e2e-solar-${crypto.randomUUID().slice(0, 8)}`;

    const run = await runSimulate(
      ...['--meters', '2', '--days', '1', '--prefix', prefix, '--solar', '0.5'],
      ...['--source', 'intervals'],
    );

    expect(run.status).toBe(0);
    const summary = summaryOf(run.stdout);
    // Half of 2 meters: the first has panels (round(0.5) = 1).
    expect(summary.get('meters')).toBe(
      `2 (${prefix}-0 … ${prefix}-1; 0 charging an EV, 1 with solar panels)`,
    );
    const solarImport = await storedIntervals(`${prefix}-0`, 'import');
    const solarExport = await storedIntervals(`${prefix}-0`, 'export');
    const plainImport = await storedIntervals(`${prefix}-1`, 'import');
    // A day of whole half hours: 47 or 48 of them, depending on where now falls.
    expect([47, 48]).toContain(solarImport.length);
    expect(plainImport).toHaveLength(solarImport.length);
    expect(await storedIntervals(`${prefix}-1`, 'export')).toEqual([]);
    expect(solarExport.map(({ start }) => start)).toEqual(solarImport.map(({ start }) => start));
    expect(summary.get('import stored')).toBe(
      `${solarImport.length * 2} of ${solarImport.length * 2} half-hourly intervals`,
    );
    expect(summary.get('export stored')).toBe(
      `${solarExport.length} of ${solarExport.length} half-hourly intervals`,
    );
    const exportedKwh = solarExport.reduce((sum, { kwh }) => sum + kwh, 0);
    expect(summary.get('solar')).toMatch(
      new RegExp(`kWh generated, ${exportedKwh.toFixed(1).replace('.', '\\.')} kWh exported`),
    );
  });

  it('measures the live feeds it opens, or says plainly that the server has none', async () => {
    const prefix = `e2e-live-${crypto.randomUUID().slice(0, 8)}`;
    const documented = await (await fetch(`${origin}/openapi.json`)).json();
    const hasLiveFeed = '/meters/{smartMeterId}/live' in documented.paths;

    const run = await runSimulate(
      '--meters',
      '2',
      '--days',
      '1',
      '--prefix',
      prefix,
      '--live',
      '3',
    );

    const summary = summaryOf(run.stdout);
    expect(summary.get('readings stored')).toBe('2,880 of 2,880');
    if (hasLiveFeed) {
      expect(run.status).toBe(0);
      // One request a meter: each of the 3 clients hears of its meter's one store.
      expect(summary.get('live')).toMatch(/^3 clients on 2 meters: 3 of 3 stores heard of/);
      expect(summary.get('latency')).toMatch(/^p50 −?\d+ ms, p99 −?\d+ ms, max −?\d+ ms/);
    } else {
      expect(run.status).toBe(1);
      expect(summary.get('live')).toBe(
        `unavailable: GET /meters/${prefix}-0/live answered 404: this server has no live feed (it predates GET /meters/{id}/live)`,
      );
    }
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    [['--solar', '2'], /--solar must be a share from 0 to 1/],
    [['--source', 'meters'], /--source must be readings or intervals/],
    [['--solar', '0.5', '--interval', '7'], /--interval must divide 1800/],
    [['--live', 'many'], /--live must be a whole number/],
  ])('refuses %j with a sentence, exit 2', async (args, reason) => {
    const run = await runSimulate('--meters', '1', '--days', '1', ...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe('');
  });
});
