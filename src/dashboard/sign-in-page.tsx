import type { FC } from 'hono/jsx';
import { PageShell } from './page-shell';

/** Why a browser is asked to sign in: no sign-in yet, or one that no longer holds. */
export type SignInReason = 'missing' | 'invalid';

/**
 * The page a browser gets instead of a 401 problem on the customer's page: how to sign in. A
 * household asks its supplier for its sign-in link; the supplier's operator prints one with the
 * token script.
 */
export const SignInPage: FC<{ smartMeterId: string; origin: string; reason: SignInReason }> = ({
  smartMeterId,
  origin,
  reason,
}) => (
  <PageShell title="Sign in to see your energy – JOI Energy">
    <header>
      <p class="brand">JOI Energy</p>
      <h1>Sign in to see your energy</h1>
    </header>
    <main>
      <p class="summary">
        {reason === 'missing'
          ? 'This page shows a household’s energy use and costs, so it opens only for its household.'
          : 'Your sign-in has ended or has been withdrawn, so this page cannot open.'}
      </p>
      <h2>How to sign in</h2>
      <ol>
        <li>
          Ask your energy supplier for your <strong>sign-in link</strong>. It is a web address made
          for your meter alone, ending in <code>?token=…</code>.
        </li>
        <li>
          Open the link on this device. It keeps you signed in in this browser for 30 days and takes
          you to your page.
        </li>
      </ol>
      <p>Keep the link to yourself: anyone who has it can see your energy use.</p>
      <h2>For your supplier</h2>
      <p>The sign-in link for this meter is what the token script prints:</p>
      <pre>
        <code>{`METER_TOKEN_KEY=<key> npm run token -- ${smartMeterId} --scope viewer --link --url ${origin}`}</code>
      </pre>
    </main>
  </PageShell>
);
