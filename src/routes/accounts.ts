import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowOperator, authenticate } from '../auth/access';
import { nowEpochSeconds } from '../auth/token';
import { currentCatalogue } from '../catalogue/catalogue-cache';
import { meters } from '../config/residency';
import {
  type AccountSwitchRow,
  applyAccountRows,
  type RowError,
} from '../fleet/apply-account-rows';
import { checkAccountRows } from '../http/account-rows';
import { readAccountRowsCsv } from '../http/account-rows-csv';
import { methodNotAllowed, validationProblem } from '../http/problem';
import { limitBulkBodySize, mediaTypeOf, requireJsonOrCsvBody } from '../http/request-guards';
import { isSwitchTooEarly } from '../meter/meter-answers';
import { AccountRowsResultSchema } from '../openapi/fleet-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { AccountRowListSchema, AccountRowsInputSchema } from '../schemas/accounts';

/** The body as the row list's schema reads it: the JSON value, or the CSV's rows; or a refusal. */
async function bodyRows(c: Context<AppEnv>): Promise<{ rows: unknown } | { problem: string }> {
  if (mediaTypeOf(c) === 'text/csv') return readAccountRowsCsv(await c.req.text());
  try {
    return { rows: await c.req.json() };
  } catch {
    throw new HTTPException(400, { message: 'The request body is not valid JSON' });
  }
}

type Meters = ReturnType<typeof meters>;

/** Switches one meter's account as the row says; a refusal or a fault is that row's error. */
async function switchRow(
  c: Context<AppEnv>,
  namespace: Meters,
  row: AccountSwitchRow,
): Promise<RowError | null> {
  try {
    const meter = namespace.getByName(row.smartMeterId);
    const switched = await meter.switchAccount(row.pricePlanId, row.from);
    if (!isSwitchTooEarly(switched)) return null;
    const message = `must not be before the account's latest switch (${switched.latestSwitch})`;
    return { row: row.row, path: 'from', message };
  } catch (error) {
    // One meter out of reach must not undo or hide the rows applied: this row alone is reported.
    console.error(
      JSON.stringify({
        type: 'account-row-fault',
        requestId: c.var.requestId,
        row: row.row,
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    return {
      row: row.row,
      path: '',
      message: 'was not applied (the meter could not be reached): send it again',
    };
  }
}

/** Accounts of many meters at once, for provisioning and campaigns. */
export const accountsRoutes = new Hono<AppEnv>()
  .put(
    '/',
    describeRoute({
      tags: ['Operator'],
      operationId: 'putAccounts',
      summary: 'Put many meters’ customers on plans in one request (operator)',
      description:
        'Up to 10,000 rows, as JSON `[{ smartMeterId, pricePlanId, from? }]` or CSV (`Content-Type: text/csv`) with the header `smartMeterId,pricePlanId,from` (`from` optional, an empty cell meaning now). Bodies up to 4 MiB. Each row is checked and applied on its own, as `PUT /meters/{smartMeterId}/account` would (a meter’s rows in row order): 200 with how many were applied and, for every other row, its 1-based place among the data rows (JSON: index + 1; CSV: line after the header, blank lines not counted), the field and what is wrong. A body that is not a list of rows at all, or of more than 10,000 rows, is 422 and nothing is applied.',
      security: tokenSecurity('operate'),
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: resolver(AccountRowsInputSchema) },
          'text/csv': {
            schema: { type: 'string' },
            example:
              'smartMeterId,pricePlanId,from\nsmart-meter-0,price-plan-2,\nsmart-meter-1,price-plan-2,2024-04-01T00:00:00Z\n',
          },
        },
      },
      responses: {
        ...jsonResponse('The rows applied, and every row refused.', AccountRowsResultSchema),
        ...problemResponses([400, 405, 413, 415, 422, 500], {
          413: 'The body is over 4 MiB.',
          415: 'The body was sent neither as application/json nor as text/csv.',
          422: 'The body is not a list of rows, or holds more than 10,000.',
        }),
        ...TOKEN_RESPONSES,
      },
    }),
    limitBulkBodySize,
    requireJsonOrCsvBody('account rows'),
    authenticate,
    allowOperator,
    async (c) => {
      const body = await bodyRows(c);
      if ('problem' in body) return validationProblem(c, 'json', [{ message: body.problem }]);
      const list = await AccountRowListSchema['~standard'].validate(body.rows);
      if (list.issues) return validationProblem(c, 'json', list.issues);
      const catalogue = await currentCatalogue(c.env);
      const planIds = catalogue.plans.map((plan) => plan.id);
      const { valid, errors } = checkAccountRows(list.value, planIds, nowEpochSeconds());
      // Outside the rows: meters kept where this runtime cannot reach is the request's 503.
      const namespace = meters(c.env);
      const applied = await applyAccountRows(valid, (row) => switchRow(c, namespace, row));
      const allErrors = [...errors, ...applied.errors].sort((a, b) => a.row - b.row);
      return c.json({ updated: applied.updated, errors: allErrors }, 200);
    },
  )
  .all('/', methodNotAllowed('PUT'));
