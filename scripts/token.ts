/**
 * `npm run token -- <meter id>`: prints the meter's bearer token for the key in METER_TOKEN_KEY,
 * the same secret the Worker holds. Give the token to that meter (or its customer) only.
 */
import { meterToken } from '../src/auth/meter-token.ts';

const [smartMeterId] = process.argv.slice(2);
const key = process.env.METER_TOKEN_KEY;
if (!smartMeterId || !key) {
  console.error('usage: METER_TOKEN_KEY=<key> npm run token -- <meter id>');
  process.exit(2);
}
console.log(await meterToken(key, smartMeterId));
