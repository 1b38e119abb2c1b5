import type { GenerateSpecOptions } from 'hono-openapi';
import { TOKEN_SCHEME } from './responses';

const DESCRIPTION = `Smart meters post readings (instantaneous power in kW at an epoch second); customers ask what
their usage costs on every price plan, and which plan to pick.

**Energy and cost.** Energy is the area under the power curve, the straight lines between
consecutive readings (trapezoidal rule over the time-sorted readings):

    kWh = Σ (reading[i] + reading[i+1]) / 2 × (time[i+1] − time[i]) / 3600
    cost(plan, window) = Σ kWh × rate(plan, t) × multiplier(plan, local day of t)
                         + standing charge accrued inside the window

The rate is the plan's unit rate, or that of the time-of-use band the local time falls in; a
standing charge accrues evenly over each local day's seconds (a 23- or 25-hour day costs one
day's charge). With a window \`[from, to)\`, an interval cut by the window's edge counts its part
inside, the power at the cut linearly interpolated, so costs of adjacent windows add up; standing
charges accrue over the window asked for, by default the first to the last reading. Example: 35 kW
at 10:30 and 5 kW at 11:00 are 10 kWh: 10 on price-plan-2, 20 on price-plan-1, 100 on
price-plan-0. Costs are never rounded. \`GET /price-plans\` lists every plan's rules.

**Trial meters.** smart-meter-0 (price-plan-0), smart-meter-1 (price-plan-1), smart-meter-2
(price-plan-0), smart-meter-3 (price-plan-2), smart-meter-4 (price-plan-1).

**Tokens.** Every operation on a meter's data needs a bearer token (\`Authorization: Bearer
<token>\`) of a scope the operation lists: \`device\` (what a smart meter holds: store and read its
own data), \`viewer\` (what its customer holds: read, price, usage, comparison, never store) or
\`operator\` (everything, on every meter, and the operator endpoints). A token names its meter,
scope, issue time and signing key: \`<meter id>~<scope>~<issuedAt>~<keyId>~<signature>\`. A meter's
tokens of a scope can be revoked (401 from then on) without touching any other meter's. The
operator's token also names itself and its end, \`<tokenId>~operator~<issuedAt>~<expiresAt>~<keyId>~<signature>\`:
it expires (30 days by default) and can be revoked alone, by id
(\`POST /operator-tokens/{tokenId}/revocation\`).

**Errors** are \`application/problem+json\` (RFC 9457). Nothing is stored when a request is refused.`;

/** The parts of the OpenAPI document that no route describes. */
export const OPENAPI_OPTIONS: Partial<GenerateSpecOptions> = {
  documentation: {
    openapi: '3.1.0',
    info: {
      title: 'JOI Energy API',
      version: '1.0.0',
      description: DESCRIPTION,
    },
    components: {
      securitySchemes: {
        [TOKEN_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A device, viewer or operator token: `npm run token -- <meter id> [--scope device|viewer]` or `npm run token -- --operator [--expires 30d]` prints one. Each operation lists the scopes it accepts. Operator tokens expire (30 days by default, at most 365) and can be revoked one by one by id; an expired or revoked token answers 401.',
        },
      },
    },
    tags: [
      { name: 'Readings', description: 'Smart meters store readings; customers read them back.' },
      {
        name: 'Price plans',
        description: 'The catalogue, what the usage costs on every plan, and the cheapest.',
      },
      {
        name: 'Usage',
        description: "A customer's usage over time, and their comparison of every plan.",
      },
      {
        name: 'Operator',
        description:
          'Operator-only: accounts (one meter, or up to 10,000 at once), erasure, and revoking meter and operator tokens.',
      },
      {
        name: 'Fleet',
        description:
          "Operator-only, across meters: the fleet's load per half hour, and the meters that would save by switching plan.",
      },
      { name: 'Service', description: 'Welcome, liveness and this documentation.' },
    ],
  },
  // Our validation failures answer 422 problems, documented per route; not hono-openapi's 400.
  defaultValidationErrorResponse: false,
  // The default leaves out paths that look like files, and so /openapi.json itself.
  excludeStaticFile: false,
};
