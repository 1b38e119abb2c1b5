import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const origin = inject('workerUrl').replace(/\/$/, '');

/** A file of meter ids, one a line, as an operator would write it. */
function idsFile(lines: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'joi-bulk-')), 'meters.txt');
  writeFileSync(file, lines.join('\n'));
  return file;
}

const BAD_IDS = idsFile(['good-meter', '', 'bad id!']);

/** CSV lines as records by the header's names. */
function csvRecords(text: string): Record<string, string>[] {
  const [header = '', ...lines] = text.split('\n');
  const names = header.split(',');
  return lines.map((line) =>
    Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])),
  );
}

/** `npm run token -- <args>`, as a user runs it, with the key the served Worker holds. */
function runTokenScript(...args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/token.ts', ...args], {
    env: { ...process.env, METER_TOKEN_KEY: inject('tokenKey') },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

describe('npm run token', () => {
  it('prints a sign-in link that the served Worker turns into a cookie (303)', async () => {
    const meter = `e2e-link-${crypto.randomUUID()}`;
    const run = runTokenScript(meter, '--scope', 'viewer', '--link', '--url', origin);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${origin}/meters/${meter}/dashboard\\?token=`));

    const response = await fetch(run.stdout, { redirect: 'manual' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/meters/${meter}/dashboard`);
    expect(response.headers.get('set-cookie')).toContain('joi_token=');
  });

  it.each([
    [['-bad'], /^-bad is not an option of this command\./],
    [['some-meter', '--url', 'https://api.example.com'], /--url is the origin of a sign-in link/],
    [['some-meter', '--scope'], /argument missing/],
    [['some-meter', '--scope', 'viewer', '--link', '--url', 'javascript:alert(1)'], /--url must/],
    [['some-meter', '--link'], /a viewer token: add --scope viewer/],
    [['--operator', '--link'], /never the operator token/],
    [['bad id!'], /The API would refuse the meter id/],
    [['--operator', '--expires', '400d'], /--expires must be .* up to 365d/],
    [['--operator', '--expires', 'soon'], /--expires must be/],
    [['some-meter', '--expires', '30d'], /--expires is for operator tokens/],
    [['--bulk', BAD_IDS], /meter id "bad id!" on line 3 of /],
    [['--bulk', '/no/such/file'], /Cannot read \/no\/such\/file: ENOENT/],
    [['--bulk', BAD_IDS, 'another-meter'], /the meter ids come from the file/],
    [['--bulk', BAD_IDS, '--link', origin], /a viewer token: add --scope viewer/],
    [['--operator', '--bulk', BAD_IDS], /The operator token names no meter/],
  ])('refuses %j with a sentence and the usage, no stack trace, exit 2', (args, reason) => {
    const run = runTokenScript(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).toContain('usage: METER_TOKEN_KEY=<key> npm run token');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('prints its usage with --help, and nothing else, exit 0', () => {
    const run = runTokenScript('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('usage: METER_TOKEN_KEY=<key> npm run token');
    expect(run.stdout).toContain('--expires');
    expect(run.stderr).toBe('');
  });

  it('prints an operator token the served Worker takes, its id and expiry on stderr', async () => {
    const run = runTokenScript('--operator', '--expires', '2h');
    expect(run.status).toBe(0);
    const [tokenId] = run.stdout.split('~');
    expect(run.stderr).toContain(`Operator token ${tokenId}, valid until `);
    const response = await fetch(`${origin}/meters/e2e-${crypto.randomUUID()}/account`, {
      headers: { Authorization: `Bearer ${run.stdout}` },
    });
    // 404: the meter has no account; the token itself was taken.
    expect(response.status).toBe(404);
  });

  it('prints CSV of a device token per meter id of the file, each taken by the served Worker', async () => {
    const meters = [`e2e-bulk-${crypto.randomUUID()}`, `e2e-bulk-${crypto.randomUUID()}`];
    const run = runTokenScript(
      '--bulk',
      idsFile([meters[0] as string, '', `  ${meters[1]}  `, '']),
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const records = csvRecords(run.stdout);
    expect(run.stdout.split('\n')[0]).toBe('smartMeterId,token');
    expect(records.map((record) => record.smartMeterId)).toEqual(meters);

    for (const { smartMeterId, token } of records) {
      const response = await fetch(`${origin}/readings/store`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          smartMeterId,
          electricityReadings: [{ time: 1606636800, reading: 1 }],
        }),
      });
      expect(response.status).toBe(200);
    }
  });

  it('prints viewer tokens and sign-in links with --scope viewer --link BASE_URL', async () => {
    const meter = `e2e-bulk-${crypto.randomUUID()}`;
    const run = runTokenScript('--bulk', idsFile([meter]), '--scope', 'viewer', '--link', origin);
    expect(run.status).toBe(0);
    const [record] = csvRecords(run.stdout);
    expect(run.stdout.split('\n')[0]).toBe('smartMeterId,token,link');
    expect(record?.token).toContain(`${meter}~viewer~`);
    expect(record?.link).toBe(`${origin}/meters/${meter}/dashboard?token=${record?.token}`);

    const response = await fetch(record?.link ?? '', { redirect: 'manual' });

    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toContain('joi_token=');
  });
});
