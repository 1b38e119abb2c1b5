/**
 * `npm run token -- <meter id> [--scope device|viewer]` or `npm run token -- --operator [--expires
 * 30d]`: prints a token signed with the key in METER_TOKEN_KEY, the secret the Worker holds. A
 * device token goes to the smart meter, a viewer token to its customer, the operator token to
 * operators only. The token is the only thing on stdout (for `TOKEN=$(npm run -s token -- …)`);
 * an operator token's id and expiry go to stderr.
 */
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
    return parseArgs({ options: OPTIONS, allowPositionals: true });
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

const { values, positionals } = parseCommandLine();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const key = process.env.METER_TOKEN_KEY;
if (!key) fail('METER_TOKEN_KEY is not set: give the key the Worker holds.');

if (values.url !== undefined && !values.link) {
  fail('--url is the origin of a sign-in link: add --link.');
}

if (values.operator) {
  if (positionals.length > 0) fail('The operator token names no meter.');
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
  const [smartMeterId, ...rest] = positionals;
  if (smartMeterId === undefined || rest.length > 0) fail('Give exactly one meter id.');
  const id = v.safeParse(SmartMeterIdSchema, smartMeterId);
  if (!id.success)
    fail(
      `The API would refuse the meter id ${JSON.stringify(smartMeterId)}: it ${id.issues[0]?.message}.`,
    );
  if (values.scope !== 'device' && values.scope !== 'viewer') {
    fail(`--scope must be device or viewer, not ${JSON.stringify(values.scope)}.`);
  }
  if (values.link && values.scope !== 'viewer') {
    fail('A sign-in link carries a viewer token: add --scope viewer.');
  }
  const origin = values.link ? linkOrigin(values.url ?? 'http://localhost:8020') : undefined;
  const token = await meterToken(key, id.output, values.scope);
  if (origin === undefined) {
    console.log(token);
  } else {
    // The customer's sign-in link: it sets the token as a cookie and drops it from the address.
    const page = new URL(`/meters/${encodeURIComponent(id.output)}/dashboard`, origin);
    // A token's characters are all unreserved in a URL: it goes in as it is, readable.
    console.log(`${page.href}?token=${token}`);
  }
}
