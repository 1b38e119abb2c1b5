import type { FC } from 'hono/jsx';
import { DASHBOARD_PERIODS, dashboardPeriodOf, latestPeriod } from '../energy/dashboard-periods';
import { type DashboardView, holdsData, linkTo } from './dashboard-view';
import { periodLabel } from './format';

const PERIOD_NAMES = { day: 'Day', week: 'Week', month: 'Month', year: 'Year' } as const;

const Choice: FC<{ href: string; current?: boolean; rel?: string; children: unknown }> = ({
  href,
  current = false,
  rel,
  children,
}) => (
  <li>
    <a href={href} rel={rel} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  </li>
);

/**
 * The kinds of period, the periods before and after (only those the data reaches into), the latest
 * one, and what the bars show. Plain links: the page works without script.
 */
export const PeriodNav: FC<{ view: DashboardView }> = ({ view }) => {
  const { period, timeZone, span } = view.figures;
  const around = [period.previous, period.next].map((date) => {
    if (date === null) return null;
    const neighbour = dashboardPeriodOf(timeZone, period.kind, date);
    return holdsData(view, neighbour.start, neighbour.end) ? neighbour : null;
  });
  const [previous, next] = around;
  const isLatest =
    span === null || latestPeriod(timeZone, period.kind, span).start === period.start;
  return (
    <nav aria-label="Period and measure">
      <ul class="choices">
        {DASHBOARD_PERIODS.map((kind) => (
          <Choice href={linkTo(view, { period: kind })} current={period.kind === kind}>
            {PERIOD_NAMES[kind]}
          </Choice>
        ))}
      </ul>
      {(previous || next || !isLatest) && (
        <ul class="choices">
          {previous && (
            <Choice href={linkTo(view, { date: previous.date })} rel="prev">
              {`← ${periodLabel(period.kind, previous.start, timeZone)}`}
            </Choice>
          )}
          {!isLatest && <Choice href={linkTo(view, { date: 'latest' })}>Latest</Choice>}
          {next && (
            <Choice href={linkTo(view, { date: next.date })} rel="next">
              {`${periodLabel(period.kind, next.start, timeZone)} →`}
            </Choice>
          )}
        </ul>
      )}
      <ul class="choices">
        <Choice href={linkTo(view, { measure: 'kwh' })} current={view.measure === 'kwh'}>
          Energy (kWh)
        </Choice>
        <Choice href={linkTo(view, { measure: 'cost' })} current={view.measure === 'cost'}>
          {`Cost (${view.money.currency})`}
        </Choice>
      </ul>
    </nav>
  );
};
