import type { FC } from 'hono/jsx';
import type { DashboardTotals } from '../energy/dashboard-figures';
import { dashboardPeriodOf } from '../energy/dashboard-periods';
import { type DashboardView, isSoFar } from './dashboard-view';
import { clockTime, dayLabel, kwhText, momentLabel, percentText, periodLabel } from './format';

/** `up 12.3 kWh (8%)`: a change in words and numbers. */
function changeWords(change: number, from: number, text: (value: number) => string): string {
  if (Math.abs(change) < 0.005) return 'the same';
  const percent = percentText(change, from);
  return `${change > 0 ? 'up' : 'down'} ${text(Math.abs(change))}${percent ? ` (${percent})` : ''}`;
}

/** What the period's data cost, and what it was: used, exported, net. */
const Summary: FC<{ view: DashboardView }> = ({ view }) => {
  const { figures, comparison, money } = view;
  if (figures.span === null) {
    return (
      <p class="empty">
        No readings yet. Once your smart meter sends its readings, your usage and what it costs will
        show here.
      </p>
    );
  }
  if (comparison === undefined) return <p class="empty">No data in this period.</p>;
  const used = <strong>{kwhText(comparison.kwh)}</strong>;
  const exported = figures.hasExport ? (
    <>
      {' '}
      and exported <strong>{kwhText(comparison.exportKwh ?? 0)}</strong>
    </>
  ) : null;
  const cost = figures.accountCost;
  if (cost === null) {
    return (
      <p class="summary">
        You used {used}
        {exported}. There is no price plan on your account yet, so below is what each plan would
        charge.
      </p>
    );
  }
  const [onlyPlan, ...others] = figures.planHistory;
  const plan =
    others.length === 0 && onlyPlan ? ` on ${onlyPlan.supplier ?? onlyPlan.pricePlanId}` : '';
  return (
    <p class="summary">
      You used {used}
      {exported}
      {plan}, for <strong>{money.amount(cost.cost)}</strong>
      {figures.hasExport
        ? `: ${money.amount(cost.cost + cost.exportCredit)} for what you used, less ${money.amount(cost.exportCredit)} for what you exported.`
        : '.'}
    </p>
  );
};

/** The period against the same stretch of the one before: energy and cost, up or down. */
const Change: FC<{ view: DashboardView; previous: DashboardTotals }> = ({ view, previous }) => {
  const { figures, comparison, money } = view;
  if (comparison === undefined) return null;
  const { period, timeZone } = figures;
  const before = dashboardPeriodOf(timeZone, period.kind, period.previous ?? period.date);
  const name = periodLabel(period.kind, before.start, timeZone);
  const whole = previous.to >= before.end;
  const until =
    period.kind === 'day'
      ? clockTime(previous.to, timeZone)
      : `${dayLabel(previous.to, timeZone)} ${clockTime(previous.to, timeZone)}`;
  const what = whole ? name : `the same part of ${name} (to ${until})`;
  const energy = changeWords(comparison.kwh - previous.kwh, previous.kwh, kwhText);
  const cost = figures.accountCost?.cost;
  const costWords =
    cost === undefined || previous.cost === null
      ? null
      : changeWords(cost - previous.cost, previous.cost, money.amount);
  return (
    <p class="change">
      Compared with {what}: energy used <strong>{energy}</strong>
      {costWords && (
        <>
          , cost <strong>{costWords}</strong>
        </>
      )}
      .
    </p>
  );
};

/** The account's plans during the period, when it switched in it. */
const PlanHistory: FC<{ view: DashboardView }> = ({ view }) => {
  const { planHistory, timeZone, period } = view.figures;
  if (planHistory.length < 2) return null;
  return (
    <div class="history">
      <p>Your plan changed in this period:</p>
      <ul>
        {planHistory.map((spell) => (
          <li>
            {spell.supplier ?? spell.pricePlanId} <span class="id">{spell.pricePlanId}</span>
            {spell.from !== null &&
              spell.from > period.start &&
              `, from ${momentLabel(spell.from, timeZone)}`}
            {spell.to !== null &&
              spell.to < period.end &&
              `, until ${momentLabel(spell.to, timeZone)}`}
          </li>
        ))}
      </ul>
    </div>
  );
};

/** The period's heading ("so far" while the data has not reached its end) and its figures. */
export const PeriodSummary: FC<{ view: DashboardView; title: string }> = ({ view, title }) => {
  const { figures } = view;
  const { span, period, timeZone, previous } = figures;
  const soFar = isSoFar(view);
  const startsInside = span !== null && span.first > period.start && span.first < period.end;
  return (
    <section aria-labelledby="period">
      <h2 id="period">{soFar ? `${title}, so far` : title}</h2>
      {soFar && span && (
        <p class="as-of">Up to the latest reading, {momentLabel(span.last, timeZone)}.</p>
      )}
      {startsInside && span && (
        <p class="as-of">Your data starts on {dayLabel(span.first, timeZone)}.</p>
      )}
      <Summary view={view} />
      {previous && <Change view={view} previous={previous} />}
      <PlanHistory view={view} />
    </section>
  );
};
