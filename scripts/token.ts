/**
 * `npm run token -- <meter id> [--scope device|viewer]` or `npm run token -- --operator`: prints a
 * token signed with the key in METER_TOKEN_KEY, the secret the Worker holds. A device token goes to
 * the smart meter, a viewer token to its customer, the operator token to operators only.
 */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { meterToken, operatorToken } from '../src/auth/token.ts';
import { SmartMeterIdSchema } from '../src/meter-id.ts';

const USAGE = `usage: METER_TOKEN_KEY=<key> npm run token -- <meter id> [--scope device|viewer]
       METER_TOKEN_KEY=<key> npm run token -- <meter id> --scope viewer --link [--url <origin>]
       METER_TOKEN_KEY=<key> npm run token -- --operator`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const OPTIONS = {
  scope: { type: 'string', default: 'device' },
  operator: { type: 'boolean', default: false },
  link: { type: 'boolean', default: false },
  url: { type: 'string' },
} as const;

/** The command line, or a refusal that says what is wrong with it. */
function parseCommandLine() {
  try {
    return parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = Object.keys(OPTIONS).map((name) => `--${name}`);
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
const key = process.env.METER_TOKEN_KEY;
if (!key) fail('METER_TOKEN_KEY is not set: give the key the Worker holds.');

if (values.url !== undefined && !values.link) {
  fail('--url is the origin of a sign-in link: add --link.');
}

if (values.operator) {
  if (positionals.length > 0) fail('The operator token names no meter.');
  if (values.link) fail('A sign-in link carries a viewer token, never the operator token.');
  console.log(await operatorToken(key));
} else {
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
