import { describe, expect, it } from 'vitest';
import { answerOf, answerTo, bearer, newMeterId, request } from '../helpers';
import { operatorHeader, switchPlan } from '../operator-requests';

// PUT /accounts: many meters' accounts in one request, each row applied or refused on its own.

interface RowsResult {
  updated: number;
  errors: { row: number; path: string; message: string }[];
}
interface AccountBody {
  pricePlanId: string;
  history: { pricePlanId: string; from: number | null; to: number | null }[];
}

async function putAccounts(body: string, contentType: string, headers?: Record<string, string>) {
  return request('/accounts', {
    method: 'PUT',
    headers: { ...(headers ?? (await operatorHeader())), 'Content-Type': contentType },
    body,
  });
}

function accountOf(smartMeterId: string) {
  return answerTo<AccountBody>(`/meters/${smartMeterId}/account`);
}

// 2024-04-01T00:00:00Z.
const APRIL = 1_711_929_600;

describe('PUT /accounts', () => {
  it('applies the good rows of a JSON list and reports each bad one by row and field', async () => {
    const [a, b, c, d] = [newMeterId(), newMeterId(), newMeterId(), newMeterId()];
    await switchPlan(c, 'price-plan-1', APRIL);
    const rows = [
      { smartMeterId: a, pricePlanId: 'price-plan-1' },
      { smartMeterId: 'not an id!', pricePlanId: 'price-plan-1' },
      { smartMeterId: b, pricePlanId: 'no-such-plan' },
      { smartMeterId: c, pricePlanId: 'price-plan-2', from: APRIL - 60 },
      'a row that is not an object',
      { smartMeterId: d },
      { smartMeterId: d, pricePlanId: 'price-plan-2', from: '2024-04-01T01:00:00+01:00' },
      { smartMeterId: d, pricePlanId: 'price-plan-0', from: APRIL + 3600 },
    ];

    const { status, body } = await answerOf<RowsResult>(
      await putAccounts(JSON.stringify(rows), 'application/json'),
    );

    expect(status).toBe(200);
    expect(body.updated).toBe(3);
    expect(body.errors.map(({ row, path }) => [row, path])).toEqual([
      [2, 'smartMeterId'],
      [3, 'pricePlanId'],
      [4, 'from'],
      [5, ''],
      [6, 'pricePlanId'],
    ]);
    expect(body.errors[3]?.message).toContain('smartMeterId');
    expect((await accountOf(a)).body.pricePlanId).toBe('price-plan-1');
    expect((await accountOf(b)).status).toBe(404);
    expect((await accountOf(c)).body.history.map((entry) => entry.pricePlanId)).toEqual([
      'price-plan-1',
    ]);
    // A meter's rows apply in row order: the second builds on the first.
    expect((await accountOf(d)).body.history).toEqual([
      { pricePlanId: 'price-plan-2', from: APRIL, to: APRIL + 3600 },
      { pricePlanId: 'price-plan-0', from: APRIL + 3600, to: null },
    ]);
  });

  it('takes CSV with the header smartMeterId,pricePlanId,from, an empty from meaning now', async () => {
    const [a, b] = [newMeterId(), newMeterId()];
    const csv = [
      'smartMeterId,pricePlanId,from',
      `${a},price-plan-2,`,
      '',
      `${b},price-plan-1,2024-04-01T00:00:00Z`,
      `${b},price-plan-0,yesterday`,
      `bad id,price-plan-0,`,
    ].join('\r\n');
    const before = Math.floor(Date.now() / 1000);

    const { status, body } = await answerOf<RowsResult>(await putAccounts(csv, 'text/csv'));

    expect(status).toBe(200);
    expect(body.updated).toBe(2);
    // Blank lines are skipped and not counted: row n is the n-th line of data.
    expect(body.errors.map(({ row, path }) => [row, path])).toEqual([
      [3, 'from'],
      [4, 'smartMeterId'],
    ]);
    const accountA = await accountOf(a);
    expect(accountA.body.pricePlanId).toBe('price-plan-2');
    expect(accountA.body.history[0]?.from).toBeGreaterThanOrEqual(before);
    expect((await accountOf(b)).body.history).toEqual([
      { pricePlanId: 'price-plan-1', from: APRIL, to: null },
    ]);
  });

  it('applies a hundred rows, meters switched 50 at a time, all visible afterwards', {
    timeout: 30_000,
  }, async () => {
    const ids = Array.from({ length: 100 }, () => newMeterId());
    const csv = ['pricePlanId,smartMeterId', ...ids.map((id) => `price-plan-2,${id}`)].join('\n');

    const { status, body } = await answerOf<RowsResult>(await putAccounts(csv, 'text/csv'));

    expect(status).toBe(200);
    expect(body).toEqual({ updated: 100, errors: [] });
    for (const id of [ids[0], ids[49], ids[99]] as string[]) {
      expect((await accountOf(id)).body.pricePlanId).toBe('price-plan-2');
    }
  });

  it('takes 10,000 rows (here all of an unknown plan, so nothing is applied)', async () => {
    const rows = Array.from({ length: 10_000 }, () => ({ smartMeterId: 'm', pricePlanId: 'gone' }));

    const { status, body } = await answerOf<RowsResult>(
      await putAccounts(JSON.stringify(rows), 'application/json'),
    );

    expect(status).toBe(200);
    expect(body.updated).toBe(0);
    expect(body.errors).toHaveLength(10_000);
    expect(body.errors.at(-1)).toMatchObject({ row: 10_000, path: 'pricePlanId' });
  });

  it.each([
    [
      'an object',
      JSON.stringify({ smartMeterId: 'a', pricePlanId: 'price-plan-1' }),
      'application/json',
    ],
    ['a string', '"rows"', 'application/json'],
    ['null', 'null', 'application/json'],
    ['a CSV without the header', 'a,price-plan-1\n', 'text/csv'],
    ['an empty CSV', '', 'text/csv'],
  ])('refuses %s, not a list of rows at all, with a 422 problem', async (_, body, contentType) => {
    const answer = await answerOf<{ status: number }>(await putAccounts(body, contentType));

    expect(answer.status).toBe(422);
    expect(answer.mediaType).toBe('application/problem+json');
  });

  it.each([
    [
      'JSON',
      (ids: string[]) =>
        JSON.stringify(ids.map((id) => ({ smartMeterId: id, pricePlanId: 'price-plan-1' }))),
      'application/json',
    ],
    [
      'CSV',
      (ids: string[]) =>
        ['smartMeterId,pricePlanId', ...ids.map((id) => `${id},price-plan-1`)].join('\n'),
      'text/csv',
    ],
  ])(
    'refuses 10,001 rows of %s with a 422 problem and applies none',
    async (_, bodyOf, contentType) => {
      const ids = Array.from(
        { length: 10_001 },
        (_, i) => `bulk-${i}-${crypto.randomUUID().slice(0, 8)}`,
      );

      const answer = await answerOf<{ errors: { message: string }[] }>(
        await putAccounts(bodyOf(ids), contentType),
      );

      expect(answer.status).toBe(422);
      expect(answer.body.errors[0]?.message).toContain('at most 10000 rows');
      expect((await accountOf(ids[0] as string)).status).toBe(404);
    },
  );

  it('answers 400 to broken JSON, 415 to another media type, 413 past 4 MiB', async () => {
    expect((await putAccounts('[{', 'application/json')).status).toBe(400);
    expect((await putAccounts('[]', 'text/plain')).status).toBe(415);
    expect((await putAccounts(`[${' '.repeat(4 * 1024 * 1024)}]`, 'application/json')).status).toBe(
      413,
    );
  });

  it('answers 401 without a token and 403 to a meter’s own tokens, applying nothing', async () => {
    const id = newMeterId();
    const body = JSON.stringify([{ smartMeterId: id, pricePlanId: 'price-plan-1' }]);

    expect((await putAccounts(body, 'application/json', { Authorization: '' })).status).toBe(401);
    expect((await putAccounts(body, 'application/json', await bearer('viewer', id))).status).toBe(
      403,
    );
    expect((await putAccounts(body, 'application/json', await bearer('device', id))).status).toBe(
      403,
    );
    expect((await accountOf(id)).status).toBe(404);
  });
});
