/**
 * Progress of `npm run simulate` on stderr, so stdout holds only the summary: a bar redrawn in
 * place on a terminal, a plain line every few seconds when stderr is a file or a CI log.
 */

/** Counts readings (or intervals) as their requests are answered, and shows how far along the run is. */
export interface ProgressReporter {
  /** Records `readings` more readings (or intervals) answered, stored or not. */
  advance(readings: number): void;
  /** Draws the final state and leaves the cursor on a fresh line. */
  finish(): void;
}

const BAR_WIDTH = 30;
// Often enough to look live on a terminal; seldom enough not to flood a log file.
const TTY_REDRAW_MS = 100;
const LOG_LINE_MS = 5_000;

function progressText(
  doneReadings: number,
  totalReadings: number,
  elapsedMs: number,
  unit: string,
): string {
  const share = totalReadings === 0 ? 1 : doneReadings / totalReadings;
  const readingsPerSecond = elapsedMs > 0 ? (doneReadings * 1000) / elapsedMs : 0;
  return `${doneReadings.toLocaleString('en-US')} / ${totalReadings.toLocaleString('en-US')} ${unit}  ${(share * 100).toFixed(1)}%  ${Math.round(readingsPerSecond).toLocaleString('en-US')} ${unit}/s`;
}

function bar(share: number): string {
  const filled = Math.round(Math.min(1, share) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/**
 * A reporter for `totalReadings` readings (or another `unit`: "intervals") that writes to `stream`
 * (normally process.stderr).
 */
export function progressReporter(
  totalReadings: number,
  stream: NodeJS.WriteStream,
  unit = 'readings',
): ProgressReporter {
  const startMs = performance.now();
  let doneReadings = 0;

  const draw = (): void => {
    const text = progressText(doneReadings, totalReadings, performance.now() - startMs, unit);
    if (stream.isTTY) {
      const share = totalReadings === 0 ? 1 : doneReadings / totalReadings;
      stream.write(`\r${bar(share)} ${text}\x1b[K`);
    } else {
      stream.write(`${text}\n`);
    }
  };
  // A timer rather than a redraw per answer: the rate stays current while a slow request is out.
  const timer = setInterval(draw, stream.isTTY ? TTY_REDRAW_MS : LOG_LINE_MS);
  timer.unref();

  return {
    advance(readings) {
      doneReadings += readings;
    },
    finish() {
      clearInterval(timer);
      draw();
      if (stream.isTTY) stream.write('\n');
    },
  };
}
