import type { FC } from 'hono/jsx';
import { AdviceBlock } from './advice-block';
import type { DashboardView } from './dashboard-view';
import { periodLabel } from './format';
import { NowTile } from './now-tile';
import { PageShell } from './page-shell';
import { PeriodNav } from './period-nav';
import { PeriodSummary } from './period-summary';
import { PlanList } from './plan-list';
import { UsageChart } from './usage-chart';

/** The script that keeps the "now" tile current; the page works fully without it. */
export const LIVE_SCRIPT = '/dashboard-live.js';

/**
 * The customer's page: the latest power and today's figures, a period's usage as a chart with its
 * cost and the change from the period before, the year's figures and advice, and every plan.
 */
export const DashboardPage: FC<{ view: DashboardView }> = ({ view }) => {
  const { figures } = view;
  const { period, timeZone, span } = figures;
  const title = periodLabel(period.kind, period.start, timeZone);
  const heading = view.customer ? `${view.customer}’s energy` : 'Your energy';
  return (
    <PageShell title={`${heading}: ${title} – JOI Energy`} scripts={[LIVE_SCRIPT]}>
      <header>
        <p class="brand">JOI Energy</p>
        <h1>{heading}</h1>
        <p class="meter">
          Meter <span class="id">{view.smartMeterId}</span> · times in {timeZone}
        </p>
      </header>
      <main>
        <NowTile view={view} />
        <PeriodNav view={view} />
        <PeriodSummary view={view} title={title} />
        {span !== null && <UsageChart view={view} title={title} />}
        <AdviceBlock view={view} />
        <PlanList view={view} />
      </main>
      <footer>
        <p>
          Costs are in {view.money.currency} and include VAT and standing charges. Data from{' '}
          {span
            ? `${periodLabel('day', span.first, timeZone)} to ${periodLabel('day', span.last, timeZone)}`
            : 'none yet'}
          .
        </p>
      </footer>
    </PageShell>
  );
};
