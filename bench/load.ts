/** Load runs with autocannon: a warm-up, then the median of a few short runs. */
import autocannon, { type AutocannonRequest } from 'autocannon';
import { median, percentile } from './ratio-math.ts';
import { isServerError, noteServerError } from './server-errors.ts';

const WARM_UP_SECONDS = 1;
export const RUN_SECONDS = 1;
export const RUNS = 3;
// Long enough that a request queued behind slow ones on a single meter object is not dropped.
const REQUEST_TIMEOUT_SECONDS = 60;

/** Latency percentiles of the answered requests, and how many were answered per second. */
export interface LoadFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerSecond: number;
}

/** A POST's body and headers, built afresh for every send. */
export interface PostContent {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** What to send: a fixed GET, or a POST built afresh for every send. */
export type LoadRequest =
  | { readonly path: string; readonly headers?: Record<string, string> }
  | { readonly method: 'POST'; readonly path: string; readonly next: () => PostContent };

export interface LoadScenario {
  readonly origin: string;
  readonly connections: number;
  readonly request: LoadRequest;
  /** Seconds of each measured run, when RUN_SECONDS is too short for the requests' latency. */
  readonly runSeconds?: number;
}

export { median, percentile };

function autocannonRequests(request: LoadRequest): AutocannonRequest[] {
  if (!('next' in request)) {
    return [{ method: 'GET', path: request.path, headers: request.headers ?? {} }];
  }
  return [
    {
      method: request.method,
      path: request.path,
      setupRequest: (sent) => {
        const { body, headers } = request.next();
        return { ...sent, body, headers: { 'content-type': 'application/json', ...headers } };
      },
    },
  ];
}

/** A run that met 5xx answers (and nothing worse): measured again, up to RETRIES times. */
class ServerErrorsInRun extends Error {
  constructor(path: string) {
    super(`${path}: 5xx answers in every try of a run`);
  }
}
const RETRIES = 2;

/** A run, tried again when it met 5xx answers, which bench/server-errors.ts has counted. */
async function runOnceRetried(scenario: LoadScenario, seconds: number): Promise<LoadFigures> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runOnce(scenario, seconds);
    } catch (error) {
      if (!(error instanceof ServerErrorsInRun) || attempt >= RETRIES) throw error;
      console.warn(`  ${scenario.request.path}: 5xx answers in a run, measured again`);
    }
  }
}

async function runOnce(scenario: LoadScenario, seconds: number): Promise<LoadFigures> {
  // autocannon's own histogram keeps whole milliseconds; the floors answer in well under one.
  const latenciesMs: number[] = [];
  const unexpectedStatuses = new Set<number>();
  const instance = autocannon({
    url: scenario.origin,
    connections: scenario.connections,
    duration: seconds,
    timeout: REQUEST_TIMEOUT_SECONDS,
    requests: autocannonRequests(scenario.request),
  });
  instance.on('response', (_client, statusCode, _bytes, latencyMs) => {
    if (statusCode >= 200 && statusCode < 300) latenciesMs.push(latencyMs);
    else unexpectedStatuses.add(statusCode);
    if (isServerError(statusCode)) noteServerError(scenario.request.path, statusCode);
  });
  const result = await instance;
  if (unexpectedStatuses.size > 0 || result.errors > 0 || result.timeouts > 0) {
    const onlyServerErrors = [...unexpectedStatuses].every(isServerError);
    if (onlyServerErrors && result.errors === 0 && result.timeouts === 0) {
      throw new ServerErrorsInRun(scenario.request.path);
    }
    throw new Error(
      `${scenario.request.path}: HTTP ${[...unexpectedStatuses].join(', ') || 'ok'}, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  if (latenciesMs.length === 0) {
    // Nothing answered within the run: slower than the run itself, which the report says as such.
    return { p50Ms: Infinity, p99Ms: Infinity, requestsPerSecond: 0 };
  }
  latenciesMs.sort((a, b) => a - b);
  return {
    p50Ms: percentile(latenciesMs, 0.5),
    p99Ms: percentile(latenciesMs, 0.99),
    requestsPerSecond: latenciesMs.length / result.duration,
  };
}

/**
 * A warm-up run (discarded), then RUNS runs of RUN_SECONDS; each figure is the median over the
 * runs. `afterEachRun` lets the caller wait until the server is idle again.
 */
export async function measureLoad(
  scenario: LoadScenario,
  afterEachRun: () => Promise<void> = async () => {},
): Promise<LoadFigures> {
  await runOnceRetried(scenario, WARM_UP_SECONDS);
  await afterEachRun();
  const runs: LoadFigures[] = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(await runOnceRetried(scenario, scenario.runSeconds ?? RUN_SECONDS));
    await afterEachRun();
  }
  return {
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
  };
}
