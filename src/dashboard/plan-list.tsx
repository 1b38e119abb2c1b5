import type { FC } from 'hono/jsx';
import type { PlanAdvice } from '../energy/advice';
import type { PlanComparison } from '../energy/comparison';
import type { DashboardView } from './dashboard-view';
import { type Money, shareWords } from './format';

/** A plan's row: its price for the period (when it holds data) and its yearly figures. */
interface PlanRow {
  readonly pricePlanId: string;
  readonly supplier: string;
  readonly period: PlanComparison | undefined;
  readonly year: PlanAdvice | undefined;
}

/** Every plan: in the order of the period's cost when it holds data, else of the yearly cost. */
function planRows(view: DashboardView): PlanRow[] {
  const { comparison, figures } = view;
  const yearly = figures.advice?.plans ?? [];
  const byPeriod = comparison?.plans ?? [];
  const ids =
    byPeriod.length > 0 ? byPeriod : [...yearly].sort((a, b) => a.annualCost - b.annualCost);
  return ids.map(({ pricePlanId, supplier }) => ({
    pricePlanId,
    supplier,
    period: byPeriod.find((plan) => plan.pricePlanId === pricePlanId),
    year: yearly.find((plan) => plan.pricePlanId === pricePlanId),
  }));
}

/** `£6.16 less`, `£49.30 more`, `the same`: a plan against what the account paid. */
function savingText(money: Money, saving: number | null | undefined): string {
  if (saving == null) return '–';
  const amount = money.amount(Math.abs(saving));
  if (amount === money.amount(0)) return 'the same';
  return `${amount} ${saving > 0 ? 'less' : 'more'}`;
}

/** The period's sentence: which plan would have cost least, and by how much. */
const PeriodVerdict: FC<{ view: DashboardView }> = ({ view }) => {
  const { comparison, figures, money } = view;
  const cheapest = comparison?.plans[0];
  if (!comparison || !cheapest) return null;
  const paid = comparison.currentCost;
  if (paid === null)
    return <p class="recommendation">{cheapest.supplier} would have cost least.</p>;
  const saving = paid - cheapest.cost;
  return (
    <p class="recommendation">
      {saving > 0.005
        ? `${cheapest.supplier} would have cost you ${money.amount(saving)} less.`
        : figures.planHistory.length > 1
          ? 'No plan would have cost you less.'
          : 'You are on the cheapest plan for this usage.'}
    </p>
  );
};

/**
 * Every plan, named by its supplier (its id as secondary text): the period's cost, against what the
 * account paid, and the yearly figures of advice. A table on wide screens; on a phone each row
 * reads as a list item, its cells labelled by `data-label`.
 */
export const PlanList: FC<{ view: DashboardView }> = ({ view }) => {
  const { money, figures } = view;
  const rows = planRows(view);
  if (rows.length === 0) return null;
  const share = shareWords(figures.advice?.flexibleShare ?? 0.2);
  const yours = figures.pricePlanId;
  const headings = {
    period: 'This period',
    saving: 'Against what you paid',
    year: 'A year as now',
    shifted: `A year, moving ${share} to cheap hours`,
  };
  return (
    <section aria-labelledby="plans">
      <h2 id="plans">Every plan</h2>
      <PeriodVerdict view={view} />
      <table class="plans">
        <caption>What each plan costs for your use, VAT and standing charges included</caption>
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">{headings.period}</th>
            <th scope="col">{headings.saving}</th>
            <th scope="col">{headings.year}</th>
            <th scope="col">{headings.shifted}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr class={row.pricePlanId === yours ? 'yours' : undefined}>
              <th scope="row">
                {row.supplier}
                {row.pricePlanId === yours && <span class="badge"> your plan</span>}{' '}
                <span class="id">{row.pricePlanId}</span>
              </th>
              <td data-label={headings.period}>
                {row.period ? money.amount(row.period.cost) : '–'}
              </td>
              <td data-label={headings.saving}>{savingText(money, row.period?.saving)}</td>
              <td data-label={headings.year}>
                {row.year ? money.whole(row.year.annualCost) : '–'}
              </td>
              <td data-label={headings.shifted}>
                {row.year ? money.whole(row.year.annualCostIfShifted) : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
