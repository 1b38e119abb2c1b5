import * as v from 'valibot';

// No imports but valibot: the Node scripts (npm run token) check meter ids with it too.

/** A smart meter id: 1–64 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit. */
export const SMART_METER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const SmartMeterIdSchema = v.pipe(
  v.string('must be a string of 1–64 characters of A–Z a–z 0–9 . _ -'),
  v.regex(
    SMART_METER_ID_PATTERN,
    'must be 1–64 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit',
  ),
  v.description(
    'The smart meter: 1–64 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit. Case-sensitive.',
  ),
  v.examples(['smart-meter-0']),
);
