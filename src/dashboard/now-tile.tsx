import type { FC } from 'hono/jsx';
import type { DashboardView } from './dashboard-view';
import { clockTime, dayLabel, quantityText } from './format';

/**
 * The latest reading's power and today's energy and cost, rendered on the server. The live script
 * (public/dashboard-live.js) keeps it current over the socket named in `data-live`, replacing the
 * text of each `data-live-field` with text of the same form (`0.42 kW`, `12.3 kWh`, money in
 * `data-currency`, times in `data-time-zone`); without the script the tile stays as rendered.
 */
export const NowTile: FC<{ view: DashboardView }> = ({ view }) => {
  const { figures, money, smartMeterId } = view;
  const { now, timeZone } = figures;
  return (
    <section
      class="now"
      aria-labelledby="now-title"
      data-live={`/meters/${encodeURIComponent(smartMeterId)}/live`}
      data-currency={money.currency}
      data-time-zone={timeZone}
    >
      <h2 id="now-title">Now</h2>
      <dl>
        <div>
          <dt>Latest reading</dt>
          <dd>
            <time
              data-live-field="time"
              datetime={now ? new Date(now.time * 1000).toISOString() : undefined}
            >
              {now
                ? `${dayLabel(now.time, timeZone)} ${clockTime(now.time, timeZone)}`
                : 'none yet'}
            </time>
          </dd>
        </div>
        <div>
          <dt>Power</dt>
          <dd data-live-field="powerKw">
            {now?.powerKw == null ? '–' : quantityText(now.powerKw, 'kW')}
          </dd>
        </div>
        <div>
          <dt>Used today</dt>
          <dd data-live-field="todayKwh">{now ? quantityText(now.todayKwh, 'kWh') : '–'}</dd>
        </div>
        <div>
          <dt>Cost today</dt>
          <dd data-live-field="todayCost">
            {now?.todayCost == null ? '–' : money.amount(now.todayCost)}
          </dd>
        </div>
      </dl>
    </section>
  );
};
