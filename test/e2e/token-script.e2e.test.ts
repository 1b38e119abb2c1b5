import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';

const origin = inject('workerUrl').replace(/\/$/, '');

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
});
