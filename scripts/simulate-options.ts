/** The command line of `npm run simulate`: parsed with node:util, every option checked up front. */
import { parseArgs } from 'node:util';

/** What to simulate and where to send it. */
export interface SimulationOptions {
  readonly meters: number;
  readonly days: number;
  readonly baseUrl: URL;
  readonly intervalSeconds: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly prefix: string;
  /** Share of households with solar panels, 0 to 1. */
  readonly solarShare: number;
  /** How each meter's import is sent: power readings, or half-hourly kWh intervals. */
  readonly source: ImportSource;
  /** WebSocket clients on the meters' live feeds while posting; 0 for none. */
  readonly liveClients: number;
}

export const IMPORT_SOURCES = ['readings', 'intervals'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** The command line's meaning: options to run, a request for help, or everything wrong with it. */
export type ParsedCommandLine =
  | { readonly kind: 'options'; readonly options: SimulationOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

export const USAGE = `usage: npm run simulate -- --meters N --days D [options]

Posts seeded, realistic household power curves for N meters (<prefix>-0 … <prefix>-<N-1>),
one reading every --interval seconds over the last D days up to now, through POST /readings/store.

  --meters N         number of meters, 1 or more (required)
  --days D           days of history up to now, more than 0, fractions allowed (required)
  --url URL          the API's base URL (default http://localhost:8020, i.e. npm run dev)
  --interval S       seconds between readings, a whole number, 1 or more (default 60)
  --seed S           a whole number, 0 or more; the same arguments post the same readings (default 1)
  --concurrency C    requests in flight at once, 1 or more (default 8)
  --prefix P         meter id prefix (default sim-meter)
  --solar SHARE      share of households with rooftop solar, 0 to 1 (default 0): spread evenly
                     over the meters (0.3 of 10: sim-meter-1, -4 and -8), 2.5 to 5 kWp each under
                     one seeded sky (a bell around noon UTC, long and high in summer, clouds every
                     half hour); their meters import use net of generation and post the surplus
                     as half-hourly export intervals (POST /meters/{id}/intervals, channel export)
  --source S         how each meter's import is posted: readings (power readings, the default) or
                     intervals (half-hourly kWh, POST /meters/{id}/intervals, channel import)
  --live N           open N WebSocket clients on GET /meters/{id}/live (spread over the meters)
                     while posting, and report how soon each store's update reaches them
                     (p50/p99/max from the store's answer to the update) and messages received;
                     each meter's requests then go one at a time, in time order
  -h, --help         print this text

Half-hourly intervals (--source intervals, --solar) are the trapezoid energy of the --interval
samples in each whole half hour of the period, so --interval must divide 1800 for them.
With METER_TOKEN_KEY set, each request carries its meter's bearer token (live clients a viewer
token); without it, none.
Exit code: 0 when every request was stored (and, with --live, every store was heard of by
every client), 1 when any failed, 2 for a bad command line.`;

// The API contract: meter ids are 1–64 of A–Z a–z 0–9 . _ -, starting with a letter or digit.
const METER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_METER_ID_LENGTH = 64;
const SECONDS_PER_DAY = 86_400;
const HALF_HOUR_SECONDS = 1800;

type Checked<T> = { readonly value: T } | { readonly problem: string };

function wholeNumber(name: string, text: string | undefined, minimum: number): Checked<number> {
  if (text === undefined) return { problem: `--${name} is required` };
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < minimum) {
    return { problem: `--${name} must be a whole number, ${minimum} or more (got "${text}")` };
  }
  return { value };
}

function days(text: string | undefined, nowEpochSeconds: number): Checked<number> {
  if (text === undefined) return { problem: '--days is required' };
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    return { problem: `--days must be a number greater than 0 (got "${text}")` };
  }
  // The API refuses times before the epoch.
  if (value * SECONDS_PER_DAY > nowEpochSeconds) {
    return { problem: `--days ${text} reaches back before 1970` };
  }
  return { value };
}

function httpUrl(text: string): Checked<URL> {
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { problem: `--url must be an http:// or https:// URL (got "${text}")` };
  }
  return { value: url };
}

function meterIdPrefix(text: string, meters: number): Checked<string> {
  if (!METER_ID_PATTERN.test(text)) {
    return {
      problem: `--prefix must start with a letter or digit and hold only A–Z a–z 0–9 . _ - (got "${text}")`,
    };
  }
  const longestId = `${text}-${meters - 1}`;
  if (longestId.length > MAX_METER_ID_LENGTH) {
    return {
      problem: `--prefix is too long: "${longestId}" is over ${MAX_METER_ID_LENGTH} characters`,
    };
  }
  return { value: text };
}

function share(text: string): Checked<number> {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    return { problem: `--solar must be a share from 0 to 1, e.g. 0.3 (got "${text}")` };
  }
  return { value };
}

function importSource(text: string): Checked<ImportSource> {
  const source = IMPORT_SOURCES.find((name) => name === text);
  if (source === undefined) {
    return { problem: `--source must be readings or intervals (got "${text}")` };
  }
  return { value: source };
}

/** Half-hourly intervals need samples on each half hour's edges. */
function halfHourSampling(
  intervalSeconds: number | undefined,
  source: ImportSource | undefined,
  solarShare: number | undefined,
): Checked<null> {
  const postsIntervals = source === 'intervals' || (solarShare ?? 0) > 0;
  if (!postsIntervals || intervalSeconds === undefined) return { value: null };
  if (HALF_HOUR_SECONDS % intervalSeconds !== 0) {
    return {
      problem: `--interval must divide 1800 (a half hour) when half-hourly intervals are posted (--source intervals or --solar); got ${intervalSeconds}`,
    };
  }
  return { value: null };
}

function optionTexts(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      meters: { type: 'string' },
      days: { type: 'string' },
      url: { type: 'string', default: 'http://localhost:8020' },
      interval: { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '8' },
      prefix: { type: 'string', default: 'sim-meter' },
      solar: { type: 'string', default: '0' },
      source: { type: 'string', default: 'readings' },
      live: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

/** Reads `argv` (the arguments after the script), reporting every problem at once. */
export function parseCommandLine(
  argv: readonly string[],
  nowEpochSeconds: number,
): ParsedCommandLine {
  let values: ReturnType<typeof optionTexts>;
  try {
    values = optionTexts(argv);
  } catch (error) {
    // parseArgs names the unknown option or the missing value itself.
    return { kind: 'invalid', problems: [error instanceof Error ? error.message : String(error)] };
  }
  if (values.help) return { kind: 'help' };

  const problems: string[] = [];
  const accept = <T>(checked: Checked<T>): T | undefined => {
    if ('problem' in checked) problems.push(checked.problem);
    return 'value' in checked ? checked.value : undefined;
  };
  const meters = accept(wholeNumber('meters', values.meters, 1));
  const options = {
    meters,
    days: accept(days(values.days, nowEpochSeconds)),
    baseUrl: accept(httpUrl(values.url)),
    intervalSeconds: accept(wholeNumber('interval', values.interval, 1)),
    seed: accept(wholeNumber('seed', values.seed, 0)),
    concurrency: accept(wholeNumber('concurrency', values.concurrency, 1)),
    prefix: accept(meterIdPrefix(values.prefix, meters ?? 1)),
    solarShare: accept(share(values.solar)),
    source: accept(importSource(values.source)),
    liveClients: accept(wholeNumber('live', values.live, 0)),
  };
  accept(halfHourSampling(options.intervalSeconds, options.source, options.solarShare));
  if (problems.length > 0) return { kind: 'invalid', problems };
  // Every field is set when nothing was reported.
  return { kind: 'options', options: options as SimulationOptions };
}
