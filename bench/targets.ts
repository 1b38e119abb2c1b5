/** The Targets table: every target of the issues, what it compared and whether it was met. */
import type { RatioTarget } from './interleave.ts';
import { INTERLEAVED_RUNS } from './interleave.ts';

/** Where a target comes from: `seed` (the bench's earlier targets) or issue numbers, e.g. `16`. */
export type TargetSource = string;

/** One line of the Targets table. */
export interface TargetLine {
  readonly source: TargetSource;
  readonly target: string;
  readonly subject: string;
  /** What the subject was divided by; `–` for a target on an absolute figure. */
  readonly reference: string;
  /** The ratio (median of the runs), or the absolute figure. */
  readonly value: string;
  /** The runs' min–max, or `–` for a figure measured once. */
  readonly spread: string;
  /** Whether the target was met; `undefined` for a figure the issue asks only to be reported. */
  readonly met: boolean | undefined;
}

const ratioText = (ratio: number) => `${ratio.toFixed(2)}×`;

function figureText(value: number, figure: RatioTarget['figure']): string {
  if (figure === 'req/s') return `${Math.round(value).toLocaleString('en-US')} req/s`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

/** A line for a ratio judged on interleaved runs; each side shows its median figure. */
export function ratioLine(source: TargetSource, target: RatioTarget): TargetLine {
  const { ratio, figure } = target;
  return {
    source,
    target: target.target,
    subject: `${target.subject} (${figure} ${figureText(target.subjectMedian, figure)})`,
    reference: `${target.reference} (${figure} ${figureText(target.referenceMedian, figure)})`,
    value: ratioText(ratio.median),
    spread: `${ratioText(ratio.min)}–${ratioText(ratio.max)} (${ratio.runs.map(ratioText).join(', ')})`,
    met: target.met,
  };
}

/** A line for a target on an absolute figure (a time, a size, a rate), or a figure reported. */
export function absoluteLine(
  source: TargetSource,
  target: string,
  subject: string,
  value: string,
  met: boolean | undefined,
  spread = '–',
): TargetLine {
  return { source, target, subject, reference: '–', value, spread, met };
}

const resultText = (met: boolean | undefined) =>
  met === undefined ? 'reported' : met ? 'PASS' : '**MISS**';

export function renderTargets(lines: readonly TargetLine[]): string {
  const header = [
    'issue',
    'target',
    'subject',
    'reference',
    `ratio (median of ${INTERLEAVED_RUNS}) / figure`,
    'spread (min–max; each run)',
    'result',
  ];
  const rows = lines.map((line) => [
    line.source,
    line.target,
    line.subject,
    line.reference,
    line.value,
    line.spread,
    resultText(line.met),
  ]);
  const table = [header, header.map(() => '---'), ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
  return `${table}\n\nIn all: ${targetTally(lines)}.`;
}

/** How many targets passed and missed, for the run's last line. */
export function targetTally(lines: readonly TargetLine[]): string {
  const passed = lines.filter((line) => line.met === true).length;
  const missed = lines.filter((line) => line.met === false);
  const reported = lines.filter((line) => line.met === undefined).length;
  const misses = missed.map((line) => `${line.subject}: ${line.target}`).join('; ');
  return `${passed} PASS, ${missed.length} MISS${missed.length > 0 ? ` (${misses})` : ''}, ${reported} reported`;
}
