import fc from 'fast-check';

// Values a client may send, per kind of parameter: well-formed ones (so requests reach the deep
// code), edge cases, and hostile ones. Values that depend on the run (a meter with readings, a
// token of that meter, a cursor it gave out) are placeholders the fuzz test resolves.

/** Placeholders resolved per run: a meter of its own with readings, and what it gave out. */
export const PLACEHOLDER = {
  meterWithReadings: '$meter-with-readings',
  validCursor: '$valid-cursor',
  tamperedCursor: '$tampered-cursor',
  viewerToken: '$viewer-token',
  deviceToken: '$device-token',
  operatorToken: '$operator-token',
} as const;

const base64Url = (text: string) =>
  btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** Values hostile to any parameter: empty, odd characters, huge, numbers in odd forms. */
export const hostileText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%00',
    '\u0000',
    '-1',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    '9'.repeat(20),
    '1.5',
    '🙂',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'null',
    '{}',
    'a'.repeat(600),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const epochSeconds = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000 }).map(String),
  fc.constantFrom(
    '0',
    '1606636800',
    '1606637040',
    '253402300799',
    '253402300800',
    '999999999999999',
  ),
);

const counts = fc.oneof(
  fc.integer({ min: 1, max: 12_000 }).map(String),
  fc.constantFrom('0', '1', '10000', '10001', '01'),
);

const zones = fc.constantFrom(
  'UTC',
  'Europe/London',
  'europe/LONDON',
  'Asia/Kolkata',
  'Asia/Calcutta',
  'US/Pacific',
  'Pacific/Chatham',
  'America/St_Johns',
  'Etc/GMT+12',
  '+05:30',
  '-23:59',
  'Mars/Olympus_Mons',
  'Europe/',
  'Z',
  'x'.repeat(65),
);

const dates = fc.oneof(
  fc
    .date({ min: new Date('1960-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom(
    'x',
    '2020-02-30',
    '2020-13-01',
    '1969-12-31',
    '1970-01-01',
    '9999-12-31',
    '0000-01-01',
    '+02020-01-01',
    '2020-1-1',
    '2020-01-01T00:00:00Z',
  ),
);

const cursors = fc.oneof(
  fc.constantFrom(PLACEHOLDER.validCursor, PLACEHOLDER.tamperedCursor),
  // Cursors as this API once gave them out, unsigned, with fields of every kind.
  fc
    .record({
      smartMeterId: fc.oneof(fc.constant(PLACEHOLDER.meterWithReadings), fc.string()),
      at: fc.oneof(fc.integer(), fc.double(), fc.constant(1e300)),
      groupBy: fc.constantFrom('hour', 'day', 'fortnight'),
      timeZone: fc.oneof(zones, fc.string()),
    })
    .map((cursor) => base64Url(JSON.stringify(cursor))),
  fc.string({ maxLength: 80 }).map(base64Url),
);

const tokens = fc.constantFrom(
  PLACEHOLDER.viewerToken,
  PLACEHOLDER.deviceToken,
  PLACEHOLDER.operatorToken,
  'guess',
  '~viewer~0~AAAAAAAA~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
);

/** Any value of a string parameter of the OpenAPI document, well-formed or not. */
export interface ParameterSchema {
  readonly enum?: readonly string[];
  readonly examples?: readonly string[];
  readonly default?: string;
}

/** Values for a parameter: by its name where it has a known kind, else from its schema. */
export function valuesFor(name: string, schema: ParameterSchema): fc.Arbitrary<string> {
  const known: Record<string, fc.Arbitrary<string>> = {
    from: epochSeconds,
    to: epochSeconds,
    at: epochSeconds,
    limit: counts,
    pageSize: counts,
    timeZone: zones,
    date: dates,
    cursor: cursors,
    token: tokens,
  };
  const fromSchema = [...(schema.enum ?? []), ...(schema.examples ?? [])];
  const kind =
    known[name] ?? (fromSchema.length > 0 ? fc.constantFrom(...fromSchema) : hostileText);
  return fc.oneof({ weight: 4, arbitrary: kind }, { weight: 1, arbitrary: hostileText });
}

/** A meter id for the path: one with readings, a fresh one, a trial meter, or not an id at all. */
export const meterIds = fc.oneof(
  { weight: 5, arbitrary: fc.constant(PLACEHOLDER.meterWithReadings) },
  { weight: 1, arbitrary: fc.constantFrom('smart-meter-0', 'unknown-meter', 'A', '0'.repeat(64)) },
  { weight: 2, arbitrary: hostileText },
);

/** The Authorization a request carries, named by what it is. */
export const AUTHORIZATIONS = [
  'none',
  'malformed',
  'device',
  'viewer',
  'operator',
  'expired operator',
  'other meter',
] as const;
export type AuthorizationKind = (typeof AUTHORIZATIONS)[number];

export const acceptValues = fc.constantFrom(
  undefined,
  'application/json',
  'text/csv',
  'text/html',
  '*/*',
  'text/csv;q=0.5, application/json;q=0.9',
  'application/problem+json',
  'image/png',
  'text/csv;q=x',
  ',,;;',
);
