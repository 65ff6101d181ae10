// Runs one CloudWatch Logs Insights query over a CloudWatchLogsClient: StartQuery, then GetQueryResults
// polled with a growing interval until the query is Complete (or Failed, Cancelled, Timeout), with
// progress (status, records scanned and matched, elapsed) on the way. Cancelling (the signal) stops
// the polling and sends StopQuery. Works alike against AWS and the local service: the same SDK calls.
// Pure: no vscode; the panel (src/vscode/insights/) owns the run and forwards what it reports.
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { LogsClient } from './engine';
import { describeError, isThrottle } from './errors';

export type InsightsStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';

export interface InsightsQuery {
  logGroups: string[];
  queryString: string;
  /** Epoch milliseconds (the API takes seconds; the runner converts). */
  startTime: number;
  endTime: number;
  /** At most this many rows (the API's default is 1000, its maximum 10000). */
  limit?: number;
}

export interface InsightsStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

export interface InsightsProgress extends InsightsStatistics {
  status: InsightsStatus;
  queryId?: string;
  elapsedMs: number;
}

export interface InsightsResult extends InsightsProgress {
  /** The result's field names in first-seen order (`@ptr` left out). */
  fields: string[];
  /** One record per row: field name to value (a field a row lacks is absent). */
  rows: Record<string, string>[];
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: InsightsProgress) => void;
  /** The rows so far while the query runs (CloudWatch returns partial results before Complete). */
  onPartial?: (r: { fields: string[]; rows: Record<string, string>[] }) => void;
  /** First poll after this many ms; each next one waits 1.5 times longer, up to maxPollMs. */
  firstPollMs?: number;
  maxPollMs?: number;
  /** Give up (and StopQuery) after this long; CloudWatch itself times a query out after 60 minutes. */
  timeoutMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** A query that did not complete, with words a user can act on. */
export class InsightsError extends Error {
  constructor(
    message: string,
    readonly kind: 'malformed' | 'failed' | 'cancelled' | 'timeout' | 'request',
    /** Where a malformed query went wrong (1-based), when the service said. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'InsightsError';
  }
}

const FINAL = new Set<InsightsStatus>(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);

/** Runs the query to its end; resolves with the rows when Complete, otherwise rejects with an InsightsError. */
export async function runInsightsQuery(client: LogsClient, q: InsightsQuery, opts: RunOptions = {}): Promise<InsightsResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const started = now();
  const maxPoll = opts.maxPollMs ?? 2000;
  const timeoutMs = opts.timeoutMs ?? 15 * 60_000;
  if (!q.logGroups.length) throw new InsightsError('Pick at least one log group to query.', 'request');
  if (!q.queryString.trim())
    throw new InsightsError('The query is empty: write a query, e.g. `fields @timestamp, @message | sort @timestamp desc | limit 20`.', 'request');
  if (!(q.startTime < q.endTime)) throw new InsightsError('The time range is empty: its start must be before its end.', 'request');
  throwIfAborted(opts.signal);

  let queryId: string;
  try {
    const out = await client.send(
      new StartQueryCommand({
        logGroupNames: q.logGroups,
        queryString: q.queryString,
        startTime: Math.floor(q.startTime / 1000),
        endTime: Math.ceil(q.endTime / 1000),
        ...(q.limit ? { limit: q.limit } : {}),
      }),
      opts.signal ? { abortSignal: opts.signal } : {},
    );
    if (!out.queryId) throw new InsightsError('StartQuery returned no query id.', 'request');
    queryId = out.queryId;
  } catch (err) {
    throw wordStartError(err, q.queryString, opts.signal);
  }

  let progress: InsightsProgress = { status: 'Scheduled', queryId, elapsedMs: 0, recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
  opts.onProgress?.(progress);
  let wait = opts.firstPollMs ?? 250;
  try {
    for (;;) {
      await sleep(wait, opts.signal);
      wait = Math.min(maxPoll, Math.round(wait * 1.5));
      let out;
      try {
        out = await client.send(new GetQueryResultsCommand({ queryId }), opts.signal ? { abortSignal: opts.signal } : {});
      } catch (err) {
        // A throttled poll waits longer and tries again; anything else ends the run.
        if (isThrottle(err) && !opts.signal?.aborted) {
          wait = maxPoll;
          continue;
        }
        throw err;
      }
      const status = toStatus(out.status);
      progress = { status, queryId, elapsedMs: now() - started, ...statistics(out.statistics) };
      opts.onProgress?.(progress);
      if (status === 'Running' && out.results?.length) opts.onPartial?.(shapeRows(out.results));
      if (status === 'Complete') return { ...progress, ...shapeRows(out.results ?? []) };
      if (FINAL.has(status)) throw finalError(status);
      if (now() - started > timeoutMs) {
        await stopQuietly(client, queryId);
        throw new InsightsError(
          `The query did not complete within ${Math.round(timeoutMs / 60_000)} minutes and was stopped. Narrow the time range or the log groups.`,
          'timeout',
        );
      }
    }
  } catch (err) {
    if (opts.signal?.aborted || isAbortError(err)) {
      await stopQuietly(client, queryId);
      throw new InsightsError('The query was cancelled.', 'cancelled');
    }
    if (err instanceof InsightsError) throw err;
    throw new InsightsError(`Could not read the query's results: ${describeError(err)}`, 'request');
  }
}

function toStatus(s: string | undefined): InsightsStatus {
  return s === 'Scheduled' || s === 'Running' || s === 'Complete' || s === 'Failed' || s === 'Cancelled' || s === 'Timeout' ? s : 'Unknown';
}

function statistics(s: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number } | undefined): InsightsStatistics {
  return { recordsMatched: s?.recordsMatched ?? 0, recordsScanned: s?.recordsScanned ?? 0, bytesScanned: s?.bytesScanned ?? 0 };
}

/** GetQueryResults' rows (lists of field/value pairs) as records, with the fields in first-seen order. */
export function shapeRows(results: ResultField[][]): { fields: string[]; rows: Record<string, string>[] } {
  const fields: string[] = [];
  const seen = new Set<string>();
  const rows = results.map((r) => {
    const row: Record<string, string> = {};
    for (const f of r) {
      if (!f.field || f.field === '@ptr') continue;
      row[f.field] = f.value ?? '';
      if (!seen.has(f.field)) {
        seen.add(f.field);
        fields.push(f.field);
      }
    }
    return row;
  });
  return { fields, rows };
}

function finalError(status: InsightsStatus): InsightsError {
  switch (status) {
    case 'Cancelled':
      return new InsightsError('The query was cancelled (StopQuery, here or elsewhere).', 'cancelled');
    case 'Timeout':
      return new InsightsError('The query timed out in CloudWatch Logs (60 minutes). Narrow the time range or the log groups.', 'timeout');
    case 'Failed':
      return new InsightsError('CloudWatch Logs reports the query as Failed. Check the query and the log groups, then run it again.', 'failed');
    default:
      return new InsightsError(`The query ended with an unknown status. Run it again.`, 'failed');
  }
}

/** StartQuery's failures: a malformed query says where; a missing log group, a limit, credentials say what. */
function wordStartError(err: unknown, query: string, signal: AbortSignal | undefined): InsightsError {
  if (err instanceof InsightsError) return err;
  if (signal?.aborted || isAbortError(err)) return new InsightsError('The query was cancelled.', 'cancelled');
  const e = (err ?? {}) as { name?: string; message?: string; queryCompileError?: { location?: { startCharOffset?: number }; message?: string } };
  const name = e.name ?? '';
  if (name === 'MalformedQueryException') {
    const where = errorLocation(query, e.queryCompileError?.location?.startCharOffset, e.message ?? '');
    const what = e.queryCompileError?.message ?? e.message ?? 'the query could not be parsed';
    const at = where ? ` at line ${where.line}, column ${where.column}` : '';
    return new InsightsError(`The query is malformed${at}: ${what.replace(/\.?$/, '.')}`, 'malformed', where?.line, where?.column);
  }
  if (name === 'ResourceNotFoundException')
    return new InsightsError(
      `A log group was not found (${e.message ?? 'ResourceNotFoundException'}). Remove it from the log groups, or invoke the function so it logs.`,
      'request',
    );
  if (name === 'LimitExceededException')
    return new InsightsError(
      `Too many Logs Insights queries are running in this account (${e.message ?? 'LimitExceededException'}). Wait for some to finish, then run again.`,
      'request',
    );
  return new InsightsError(`Could not start the query: ${describeError(err)}`, 'request');
}

/** Line and column (1-based) of a malformed query's error: from the char offset, else from the message's words. */
export function errorLocation(query: string, offset: number | undefined, message: string): { line: number; column: number } | undefined {
  if (typeof offset === 'number' && offset >= 0 && offset <= query.length) {
    const before = query.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  }
  const m = /line (\d+)\D{1,20}?(?:column|col|position|char(?:acter)?) (\d+)/i.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

async function stopQuietly(client: LogsClient, queryId: string): Promise<void> {
  try {
    await client.send(new StopQueryCommand({ queryId }));
  } catch {
    // Already finished, or the connection is gone: nothing left to stop.
  }
}

function isAbortError(err: unknown): boolean {
  const name = (err as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || name === 'RequestAbortedError';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InsightsError('The query was cancelled.', 'cancelled');
}

/** Node's own abortable timer: rejects with an AbortError when the signal fires. */
const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal });
