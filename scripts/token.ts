/**
 * `npm run token -- <meter id> [--scope device|viewer]` or `npm run token -- --operator [--expires
 * 30d]`: prints a token signed with the key in METER_TOKEN_KEY, the secret the Worker holds. A
 * device token goes to the smart meter, a viewer token to its customer, the operator token to
 * operators only. The token is the only thing on stdout (for `TOKEN=$(npm run -s token -- …)`);
 * an operator token's id and expiry go to stderr. `--bulk FILE` does many meters at once: ids one
 * a line in, CSV `smartMeterId,token[,link]` out.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import {
  DEFAULT_OPERATOR_LIFETIME_SECONDS,
  MAX_OPERATOR_LIFETIME_SECONDS,
  meterToken,
  mintOperatorToken,
} from '../src/auth/token.ts';
import { SmartMeterIdSchema } from '../src/meter-id.ts';

const USAGE = `usage: METER_TOKEN_KEY=<key> npm run token -- <meter id> [--scope device|viewer]
       METER_TOKEN_KEY=<key> npm run token -- <meter id> --scope viewer --link [--url <origin>]
       METER_TOKEN_KEY=<key> npm run token -- --bulk <file> [--scope viewer] [--link <origin>]
       METER_TOKEN_KEY=<key> npm run token -- --operator [--expires <n>d|h|m]
       npm run token -- --help`;

const HELP = `Prints a bearer token for the JOI Energy API, signed with METER_TOKEN_KEY (the key the
Worker holds).

${USAGE}

  <meter id>         the smart meter the token is for (device and viewer tokens)
  --scope device     what the smart meter holds: store and read its own data (the default)
  --scope viewer     what its customer holds: read, price and chart its data, never store
  --link             print the customer's sign-in link instead (viewer tokens only)
  --url <origin>     the API's origin in the link (default http://localhost:8020)
  --bulk <file>      a token for every meter id in the file (one a line, blank lines skipped),
                     printed as CSV smartMeterId,token; with --link <origin> (viewer tokens),
                     smartMeterId,token,link. A file with an id the API would refuse prints
                     nothing and names the line
  --operator         an operator token: every operation on every meter, and the operator endpoints
  --expires <n>d|h|m how long the operator token lasts (default 30d, at most 365d); its id and
                     expiry are printed on stderr: revoke it alone with
                     POST /operator-tokens/<id>/revocation
  --help, -h         this help

Meter tokens do not expire; revoke a meter's tokens with POST /meters/<id>/revocations.`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const OPTIONS = {
  scope: { type: 'string', default: 'device' },
  operator: { type: 'boolean', default: false },
  expires: { type: 'string' },
  link: { type: 'boolean', default: false },
  url: { type: 'string' },
  bulk: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3600, m: 60 };

/** `--expires 30d`, `12h` or `90m` in seconds, from a minute to a year. */
function lifetimeSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_OPERATOR_LIFETIME_SECONDS;
  const [, count, unit = ''] = /^([1-9][0-9]{0,5})([dhm])$/.exec(text) ?? [];
  const seconds = Number(count) * (UNIT_SECONDS[unit] ?? Number.NaN);
  if (!(seconds <= MAX_OPERATOR_LIFETIME_SECONDS)) {
    return fail(
      `--expires must be a whole number of days, hours or minutes up to 365d (30d, 12h, 90m), not ${JSON.stringify(text)}.`,
    );
  }
  return seconds;
}

/** The command line, or a refusal that says what is wrong with it. */
function parseCommandLine() {
  try {
    return parseArgs({ options: OPTIONS, allowPositionals: true, tokens: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = [...Object.keys(OPTIONS).map((name) => `--${name}`), '-h'];
      const unknown = process.argv
        .slice(2)
        .find((arg) => arg.startsWith('-') && !known.includes(arg.split('=')[0] ?? ''));
      return fail(`${unknown ?? 'An argument'} is not an option of this command.`);
    }
    // Any other refusal of parseArgs (a missing value) is one sentence already.
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** The origin a sign-in link points at: an http(s) URL. */
function linkOrigin(text: string): URL {
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return fail(
      `--url must be the API's http(s) origin, e.g. https://api.example.com, not ${JSON.stringify(text)}.`,
    );
  }
  return url;
}

const { values, positionals, tokens } = parseCommandLine();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const key = process.env.METER_TOKEN_KEY;
if (!key) fail('METER_TOKEN_KEY is not set: give the key the Worker holds.');

/** The meter id as the API reads it, or a refusal naming where it came from. */
function meterIdOf(text: string, where: string): string {
  const id = v.safeParse(SmartMeterIdSchema, text);
  if (!id.success) {
    fail(
      `The API would refuse the meter id ${JSON.stringify(text)}${where}: it ${id.issues[0]?.message}.`,
    );
  }
  return id.output;
}

/** The scope of meter tokens asked for: device or viewer, a link needing viewer. */
function meterScope(): 'device' | 'viewer' {
  if (values.scope !== 'device' && values.scope !== 'viewer') {
    fail(`--scope must be device or viewer, not ${JSON.stringify(values.scope)}.`);
  }
  if (values.link && values.scope !== 'viewer') {
    fail('A sign-in link carries a viewer token: add --scope viewer.');
  }
  return values.scope;
}

/** The customer's sign-in link: it sets the token as a cookie and drops it from the address. */
function signInLink(origin: URL, smartMeterId: string, token: string): string {
  const page = new URL(`/meters/${encodeURIComponent(smartMeterId)}/dashboard`, origin);
  // A token's characters are all unreserved in a URL: it goes in as it is, readable.
  return `${page.href}?token=${token}`;
}

/**
 * `--bulk FILE`: every meter id of the file, checked before any token is printed. `--link` takes
 * the origin as the argument right after it (`--link https://api.example.com`), or `--url`.
 */
async function printBulk(file: string, signingKey: string): Promise<void> {
  const linkAt = tokens.findIndex((token) => token.kind === 'option' && token.name === 'link');
  const following = tokens[linkAt + 1];
  const originText = following?.kind === 'positional' ? following.value : undefined;
  if (positionals.length > (originText === undefined ? 0 : 1)) {
    fail('With --bulk the meter ids come from the file, one a line, not from the command line.');
  }
  const scope = meterScope();
  const origin = values.link
    ? linkOrigin(originText ?? values.url ?? 'http://localhost:8020')
    : undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as { code?: string }).code ?? String(error)}.`);
  }
  const ids = text
    .split(/\r?\n/)
    .map((line, index) => ({ line: index + 1, text: line.trim() }))
    .filter((line) => line.text !== '')
    .map((line) => meterIdOf(line.text, ` on line ${line.line} of ${file}`));
  const rows = [origin ? 'smartMeterId,token,link' : 'smartMeterId,token'];
  for (const smartMeterId of ids) {
    const token = await meterToken(signingKey, smartMeterId, scope);
    rows.push(
      [smartMeterId, token, ...(origin ? [signInLink(origin, smartMeterId, token)] : [])].join(','),
    );
  }
  console.log(rows.join('\n'));
}

if (values.url !== undefined && !values.link) {
  fail('--url is the origin of a sign-in link: add --link.');
}

if (values.operator) {
  if (positionals.length > 0 || values.bulk !== undefined)
    fail('The operator token names no meter.');
  if (values.link) fail('A sign-in link carries a viewer token, never the operator token.');
  const operator = await mintOperatorToken(key, {
    lifetimeSeconds: lifetimeSeconds(values.expires),
  });
  console.log(operator.token);
  const until = new Date(operator.expiresAt * 1000).toISOString();
  console.error(`Operator token ${operator.tokenId}, valid until ${until}.`);
  console.error(`Revoke it alone: POST /operator-tokens/${operator.tokenId}/revocation`);
} else {
  if (values.expires !== undefined) {
    fail('--expires is for operator tokens: a meter token lasts until its meter revokes it.');
  }
  if (values.bulk !== undefined) {
    await printBulk(values.bulk, key);
  } else {
    const [smartMeterId, ...rest] = positionals;
    if (smartMeterId === undefined || rest.length > 0) fail('Give exactly one meter id.');
    const id = meterIdOf(smartMeterId, '');
    const scope = meterScope();
    const origin = values.link ? linkOrigin(values.url ?? 'http://localhost:8020') : undefined;
    const token = await meterToken(key, id, scope);
    console.log(origin === undefined ? token : signInLink(origin, id, token));
  }
}
