import type { Child, FC } from 'hono/jsx';

/**
 * The frame of the customer's pages: the stylesheet and, when given, scripts, all from this origin
 * (the pages' Content-Security-Policy allows nothing else); the page must work without them.
 */
export const PageShell: FC<{ title: string; scripts?: readonly string[]; children: Child }> = ({
  title,
  scripts = [],
  children,
}) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title}</title>
      {/* An icon of this origin: a browser asks for /favicon.ico otherwise, and logs its 404. */}
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/dashboard.css" />
      {scripts.map((src) => (
        <script src={src} defer />
      ))}
    </head>
    <body>{children}</body>
  </html>
);
