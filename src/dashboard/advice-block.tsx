import type { FC } from 'hono/jsx';
import type { Advice, PlanAdvice } from '../energy/advice';
import type { DashboardView } from './dashboard-view';
import { basisWords, clockTime, dayLabel, type Money, shareWords } from './format';

// Yearly figures closer than this are the same, in whole units of the currency.
const SAME_YEARLY_COST = 0.5;

/** `£120 less than today`, `£15 more than today`, or nothing without a plan today. */
function againstToday(money: Money, advice: Advice, annualCost: number): string {
  if (advice.currentPlan === null) return '';
  const difference = advice.currentPlan.annualCost - annualCost;
  if (Math.abs(difference) < SAME_YEARLY_COST) return ', the same as today';
  return `, ${money.whole(Math.abs(difference))} ${difference > 0 ? 'less' : 'more'} than today`;
}

/** `00:30–07:30 and 13:00–16:00`. */
function hoursText(plan: PlanAdvice): string {
  return plan.cheapestHours.map((band) => `${band.from}–${band.to}`).join(' and ');
}

const planName = (plan: PlanAdvice) => plan.supplier;

/** The cheapest plan as the household uses energy now. */
const AsUsed: FC<{ view: DashboardView; advice: Advice }> = ({ view, advice }) => {
  const best = advice.plans.find((plan) => plan.pricePlanId === advice.recommendation);
  const current = advice.plans.find((plan) => plan.pricePlanId === advice.currentPlan?.pricePlanId);
  if (!best) return null;
  return (
    <>
      {current && (
        <p>
          On <strong>{planName(current)}</strong>, your plan, a year costs about{' '}
          <strong>{view.money.whole(current.annualCost)}</strong> as you use energy now.
        </p>
      )}
      {current?.pricePlanId === best.pricePlanId ? (
        <p>No other plan costs less for the way you use energy now.</p>
      ) : (
        <p>
          On <strong>{planName(best)}</strong> it would cost{' '}
          <strong>{view.money.whole(best.annualCost)}</strong> a year
          {againstToday(view.money, advice, best.annualCost)}.
        </p>
      )}
    </>
  );
};

/** What moving the flexible share of the use to cheap hours would cost on the best plan for it. */
const Shifted: FC<{ view: DashboardView; advice: Advice }> = ({ view, advice }) => {
  const plan = advice.plans.find((entry) => entry.pricePlanId === advice.recommendationIfShifted);
  if (!plan) return null;
  const share = shareWords(advice.flexibleShare);
  if (plan.annualCost - plan.annualCostIfShifted < SAME_YEARLY_COST) {
    return (
      <p>
        Moving {share} of your use to other hours would not make any plan cheaper than{' '}
        {planName(plan)}.
      </p>
    );
  }
  return (
    <p class="advice-key">
      On <strong>{planName(plan)}</strong>, moving {share} of your use to{' '}
      <strong>{hoursText(plan)}</strong> would cost{' '}
      <strong>{view.money.whole(plan.annualCostIfShifted)}</strong> a year
      {againstToday(view.money, advice, plan.annualCostIfShifted)}.
    </p>
  );
};

/** The next cheap run of published rates, on the plan it matters most for. */
const NextCheapWindow: FC<{ view: DashboardView; advice: Advice }> = ({ view, advice }) => {
  const dynamic = advice.plans.filter((plan) => plan.nextCheapestWindow !== null);
  const plan =
    dynamic.find((entry) => entry.pricePlanId === advice.recommendationIfShifted) ??
    dynamic.find((entry) => entry.pricePlanId === advice.currentPlan?.pricePlanId) ??
    dynamic[0];
  const window = plan?.nextCheapestWindow;
  if (!plan || !window) return null;
  const { timeZone } = view.figures;
  const hours = (window.end - window.start) / 3600;
  return (
    <p>
      On {planName(plan)}, with prices published for the day ahead, the cheapest {hours} hours start
      on{' '}
      <strong>{`${dayLabel(window.start, timeZone)} at ${clockTime(window.start, timeZone)}`}</strong>{' '}
      (until {clockTime(window.end, timeZone)}), at {view.money.rate(window.averageRatePerKwh)} per
      kWh on average.
    </p>
  );
};

/** The yearly figures of advice, the same whatever period is shown, and what to do. */
export const AdviceBlock: FC<{ view: DashboardView }> = ({ view }) => {
  const { advice } = view.figures;
  if (advice === null) return null;
  return (
    <section aria-labelledby="advice">
      <h2 id="advice">Your year, and how to pay less</h2>
      <p class="basis">
        Yearly figures are based on {basisWords(advice.basis.days)}, whatever period you view.
      </p>
      <AsUsed view={view} advice={advice} />
      <Shifted view={view} advice={advice} />
      <NextCheapWindow view={view} advice={advice} />
    </section>
  );
};
