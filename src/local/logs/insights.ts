// Logs Insights over the local log store: StartQuery, GetQueryResults, StopQuery, DescribeQueries
// and GetLogRecord. A query runs in the background in slices (never inside StartQuery's request),
// so a client sees Scheduled, Running, then Complete (or Cancelled / Failed), as with CloudWatch.
// The language itself (parse, run) is src/insights.
import { randomUUID } from 'node:crypto';
import { parseQuery, QueryError } from '../../insights/parse';
import { QueryRun } from '../../insights/run';
import { jsonFields, lambdaFields } from '../../insights/discover';
import { formatValue } from '../../insights/values';
import { LIMITS } from '../../insights/vocabulary';
import { ServiceError } from '../seams';
import type { LogGroup, LogStream } from './groups';
import type { LogStore } from './store';
import { decodeToken, encodeToken, invalid, notFound, num, str, strList, type Input } from './protocol';

export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';

interface LocalQuery {
  id: string;
  queryString: string;
  groups: string[];
  createTime: number;
  status: QueryStatus;
  run: QueryRun;
  groupsScanned: number;
  results?: { field: string; value: string }[][];
  cancel: boolean;
}

export interface InsightsOptions {
  accountId: string;
  now?: () => number;
  /** Events scanned between two yields to the event loop (default 65,536). */
  sliceEvents?: number;
  /** How long finished queries are kept (AWS: 7 days; default the same). */
  keepMs?: number;
  /** Queries kept at most (oldest finished ones dropped first; default 1000). */
  maxKept?: number;
  /** Queries running at once (AWS: 30 per account). */
  maxConcurrent?: number;
  log?: (line: string) => void;
}

const SECOND = 1000;

export class LocalInsights {
  private readonly queries = new Map<string, LocalQuery>();
  private readonly now: () => number;

  constructor(
    private readonly store: LogStore,
    private readonly opts: InsightsOptions,
    private readonly resolveGroup: (id: string) => LogGroup | undefined,
  ) {
    this.now = opts.now ?? Date.now;
  }

  startQuery(i: Input): unknown {
    const queryString = str(i, 'queryString', true);
    const lang = str(i, 'queryLanguage');
    if (lang !== undefined && lang !== 'CWLI') throw invalid(`The local service runs Logs Insights QL queries only (queryLanguage CWLI), not ${lang}.`);
    const groups = this.groupsOf(i);
    const start = num(i, 'startTime');
    const end = num(i, 'endTime');
    if (start === undefined) throw invalid("1 validation error detected: Value null at 'startTime' failed to satisfy constraint: Member must not be null");
    if (end === undefined) throw invalid("1 validation error detected: Value null at 'endTime' failed to satisfy constraint: Member must not be null");
    if (!Number.isInteger(start) || start < 0) throw invalid(`startTime ${start} is not valid: give seconds since the epoch (a whole number, 0 or more).`);
    if (!Number.isInteger(end) || end < 0) throw invalid(`endTime ${end} is not valid: give seconds since the epoch (a whole number, 0 or more).`);
    if (end < start) throw invalid('End time should not be before start time. Give endTime (seconds) at or after startTime.');
    const limit = num(i, 'limit');
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxRows)) {
      throw invalid(
        `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${LIMITS.maxRows}`,
      );
    }
    let run: QueryRun;
    try {
      run = new QueryRun(parseQuery(queryString), { now: this.now(), limit, ptr: (s, l, ref) => encodePtr(l.slice(l.indexOf(':') + 1), s, ref) });
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      throw new ServiceError(400, 'MalformedQueryException', err.message, {
        queryCompileError: { location: { startCharOffset: err.offset, endCharOffset: err.end }, message: err.message },
      });
    }
    const running = [...this.queries.values()].filter((q) => q.status === 'Scheduled' || q.status === 'Running').length;
    if (running >= (this.opts.maxConcurrent ?? 30)) {
      throw new ServiceError(
        400,
        'LimitExceededException',
        `Account maximum query concurrency limit of [${this.opts.maxConcurrent ?? 30}] reached. Wait for a running query to finish or stop one (StopQuery).`,
      );
    }
    this.prune();
    const q: LocalQuery = {
      id: randomUUID(),
      queryString,
      groups: groups.map((g) => g.name),
      createTime: this.now(),
      status: 'Scheduled',
      run,
      groupsScanned: 0,
      cancel: false,
    };
    this.queries.set(q.id, q);
    setImmediate(() => {
      this.execute(q, groups, start * SECOND, end * SECOND + 999).catch((err: Error) => {
        q.status = 'Failed';
        (this.opts.log ?? ((l) => process.stderr.write(l + '\n')))(`[logs] query ${q.id} failed: ${err.stack ?? err.message}`);
      });
    });
    return { queryId: q.id };
  }

  private groupsOf(i: Input): LogGroup[] {
    const one = str(i, 'logGroupName');
    const names = strList(i, 'logGroupNames');
    const ids = strList(i, 'logGroupIdentifiers');
    const given = [one !== undefined, names !== undefined, ids !== undefined].filter(Boolean).length;
    if (given === 0) throw invalid('Specify the log groups to query with logGroupName, logGroupNames or logGroupIdentifiers.');
    if (given > 1) throw invalid('logGroupName, logGroupNames and logGroupIdentifiers are mutually exclusive: give only one of them.');
    const list = one !== undefined ? [one] : (names ?? ids)!;
    const param = names ? 'logGroupNames' : ids ? 'logGroupIdentifiers' : 'logGroupName';
    if (list.length === 0)
      throw invalid(`1 validation error detected: Value '[]' at '${param}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    if (list.length > LIMITS.maxLogGroups) {
      throw invalid(
        `1 validation error detected: Value at '${param}' failed to satisfy constraint: Member must have length less than or equal to ${LIMITS.maxLogGroups}`,
      );
    }
    const out: LogGroup[] = [];
    for (const id of list) {
      const g = id.startsWith('arn:') ? this.resolveGroup(id) : this.store.groups.get(id);
      if (!g) throw notFound(`Log group '${id}' does not exist for account ID '${this.opts.accountId}'.`);
      if (!out.includes(g)) out.push(g);
    }
    return out;
  }

  /** Scans the groups' events in [startMs, endMs] in slices, yielding to the event loop between them. */
  private async execute(q: LocalQuery, groups: LogGroup[], startMs: number, endMs: number): Promise<void> {
    if (q.cancel) return;
    q.status = 'Running';
    const slice = this.opts.sliceEvents ?? 65_536;
    let budget = slice;
    for (const g of groups) {
      const log = `${this.opts.accountId}:${g.name}`;
      for (const s of [...g.streams.values()]) {
        if (s.size === 0 || s.ts[s.ts.length - 1] < startMs || s.ts[s.head] > endMs) continue;
        let from = s.lowerBound(startMs, 0, true);
        for (;;) {
          const to = Math.min(s.lowerBound(endMs + 1, 0, true), from + budget);
          scan(q.run, s, from, to, log);
          budget -= to - from;
          if (to >= s.ts.length || s.ts[to] > endMs) break;
          // The slice is used up: let requests in, then resume at the next event (the columns may have moved).
          const nextTs = s.ts[to];
          const nextSeq = s.seq[to];
          await new Promise((r) => setImmediate(r));
          if (q.cancel) return;
          budget = slice;
          from = s.lowerBound(nextTs, nextSeq, true);
        }
        if (budget <= 0) {
          await new Promise((r) => setImmediate(r));
          if (q.cancel) return;
          budget = slice;
        }
      }
      q.groupsScanned++;
    }
    if (q.cancel) return;
    q.results = q.run.finish().results;
    q.status = 'Complete';
  }

  getQueryResults(i: Input): unknown {
    const q = this.query(str(i, 'queryId', true));
    const s = q.run;
    return {
      queryLanguage: 'CWLI',
      results: q.status === 'Complete' ? q.results : [],
      statistics: { recordsMatched: s.recordsMatched, recordsScanned: s.recordsScanned, bytesScanned: s.bytesScanned, logGroupsScanned: q.groupsScanned },
      status: q.status,
    };
  }

  stopQuery(i: Input): unknown {
    const q = this.query(str(i, 'queryId', true));
    if (q.status !== 'Scheduled' && q.status !== 'Running') return { success: false };
    q.cancel = true;
    q.status = 'Cancelled';
    return { success: true };
  }

  describeQueries(i: Input): unknown {
    const group = str(i, 'logGroupName');
    const status = str(i, 'status');
    const STATUSES = ['Scheduled', 'Running', 'Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown'];
    if (status !== undefined && !STATUSES.includes(status)) {
      throw invalid(
        `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
      );
    }
    const max = num(i, 'maxResults') ?? 1000;
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw invalid(`1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`);
    }
    const token = str(i, 'nextToken');
    const after =
      token === undefined
        ? undefined
        : decodeToken(token, (v): v is { q: string; t: number } => typeof v === 'object' && v !== null && typeof (v as { q: unknown }).q === 'string');
    this.prune();
    const all = [...this.queries.values()]
      .filter((q) => (group === undefined || q.groups.includes(group)) && (status === undefined || q.status === status))
      .sort((a, b) => b.createTime - a.createTime || (a.id < b.id ? -1 : 1));
    const startAt = after ? all.findIndex((q) => q.createTime < after.t || (q.createTime === after.t && q.id > after.q)) : 0;
    const page = startAt < 0 ? [] : all.slice(startAt, startAt + max);
    const more = startAt >= 0 && startAt + max < all.length;
    return {
      queries: page.map((q) => ({
        queryLanguage: 'CWLI',
        queryId: q.id,
        queryString: q.queryString,
        status: q.status,
        createTime: q.createTime,
        logGroupName: q.groups[0],
      })),
      ...(more ? { nextToken: encodeToken({ q: page[page.length - 1].id, t: page[page.length - 1].createTime }) } : {}),
    };
  }

  getLogRecord(i: Input): unknown {
    const ptr = str(i, 'logRecordPointer', true);
    const p = decodePtr(ptr);
    const g = p && this.store.groups.get(p.group);
    const s = g?.streams.get(p!.stream);
    if (!p || !g || !s) throw invalid('The logRecordPointer is not valid: pass the @ptr value of a query result unchanged.');
    let at = -1;
    for (let k = s.head; k < s.ts.length; k++) {
      if (s.seq[k] === p.seq) {
        at = k;
        break;
      }
    }
    if (at < 0) throw notFound('The log event of this logRecordPointer no longer exists (dropped by retention or the local cap).');
    const msg = s.msg[at];
    const rec: Record<string, string> = {
      '@timestamp': String(s.ts[at]),
      '@ingestionTime': String(s.ing[at]),
      '@logStream': s.name,
      '@log': `${this.opts.accountId}:${g.name}`,
      '@message': msg,
    };
    for (const [k, v] of Object.entries({ ...(jsonFields(msg) ?? {}), ...(lambdaFields(msg) ?? {}) })) if (v !== undefined) rec[k] = formatValue(v);
    return { logRecord: rec };
  }

  private query(id: string): LocalQuery {
    const q = this.queries.get(id);
    if (!q) throw notFound(`The query ${id} does not exist (queries are kept for 7 days). Start it again with StartQuery.`);
    return q;
  }

  private prune(): void {
    const keep = this.opts.keepMs ?? 7 * 86_400_000;
    const cutoff = this.now() - keep;
    for (const [id, q] of this.queries) if (q.createTime < cutoff && q.status !== 'Running' && q.status !== 'Scheduled') this.queries.delete(id);
    const max = this.opts.maxKept ?? 1000;
    if (this.queries.size < max) return;
    const done = [...this.queries.values()].filter((q) => q.status !== 'Running' && q.status !== 'Scheduled').sort((a, b) => a.createTime - b.createTime);
    for (const q of done.slice(0, this.queries.size - max + 1)) this.queries.delete(q.id);
  }

  /** Stops every running query (the service is closing). */
  close(): void {
    for (const q of this.queries.values()) if (q.status === 'Running' || q.status === 'Scheduled') q.cancel = true;
  }
}

/** The hot loop: pushes events [from, to) of a stream into the query. */
function scan(run: QueryRun, s: LogStream, from: number, to: number, log: string): void {
  const ts = s.ts;
  const msg = s.msg;
  const ing = s.ing;
  const seq = s.seq;
  const name = s.name;
  for (let k = from; k < to; k++) run.push(ts[k], msg[k], name, log, ing[k], seq[k]);
}

function encodePtr(group: string, stream: string, seq: number): string {
  return Buffer.from(JSON.stringify([group, stream, seq])).toString('base64url');
}

function decodePtr(ptr: string): { group: string; stream: string; seq: number } | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(ptr, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && typeof v[2] === 'number') return { group: v[0], stream: v[1], seq: v[2] };
  } catch {
    // not one of ours
  }
  return undefined;
}
