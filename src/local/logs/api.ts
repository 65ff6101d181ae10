// The CloudWatch Logs JSON API (Logs_20140328.*) over the local log store.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError, type LogsApi } from '../seams';
import { compilePattern } from './pattern';
import { decodeStreamToken, filterLogEvents, getLogEvents, MAX_EVENTS_PER_RESPONSE, type Key } from './query';
import {
  bool,
  checkGroupName,
  checkStreamName,
  decodeToken,
  encodeToken,
  invalid,
  limitOf,
  notFound,
  num,
  parseBody,
  sendError,
  sendJson,
  str,
  strList,
  strMap,
  type Input,
} from './protocol';
import type { LogGroup, LogStream } from './groups';
import type { LogStore } from './store';
import { LiveTails, type LiveTailOptions } from './liveTail';
import { LocalInsights } from './insights';

export interface LogsApiOptions extends LiveTailOptions {
  region: string;
  accountId: string;
  /** Events one FilterLogEvents call examines before it returns a page with a nextToken (default 2,000,000). */
  filterScanBudget?: number;
  /** Milliseconds one FilterLogEvents call may scan before it returns a page with a nextToken (default 250). */
  filterScanTimeMs?: number;
  /** Events a Logs Insights query scans between two yields to other requests (default 65,536). */
  insightsSliceEvents?: number;
  /** Where unexpected failures are reported (the client only sees a generic error); default stderr. */
  log?: (line: string) => void;
}

const RETENTION_DAYS = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
const DAY_MS = 86_400_000;
const MAX_BATCH_BYTES = 1_048_576;

type Handler = (input: Input) => unknown;

export class LocalLogsApi implements LogsApi {
  private readonly ops: Record<string, Handler>;
  readonly tails: LiveTails;
  readonly insights: LocalInsights;

  constructor(
    private readonly store: LogStore,
    private readonly opts: LogsApiOptions,
  ) {
    this.tails = new LiveTails(
      store,
      opts,
      (id) => this.resolveGroup(id),
      (g) => this.arnOf(g),
    );
    this.insights = new LocalInsights(store, { accountId: opts.accountId, log: opts.log, sliceEvents: opts.insightsSliceEvents }, (id) =>
      this.resolveGroup(id),
    );
    const o: Record<string, Handler> = {
      CreateLogGroup: (i) => this.createLogGroup(i),
      DeleteLogGroup: (i) => this.deleteLogGroup(i),
      DescribeLogGroups: (i) => this.describeLogGroups(i),
      CreateLogStream: (i) => this.createLogStream(i),
      DeleteLogStream: (i) => this.deleteLogStream(i),
      DescribeLogStreams: (i) => this.describeLogStreams(i),
      PutLogEvents: (i) => this.putLogEvents(i),
      GetLogEvents: (i) => this.getLogEvents(i),
      FilterLogEvents: (i) => this.filterLogEvents(i),
      PutRetentionPolicy: (i) => this.putRetentionPolicy(i),
      DeleteRetentionPolicy: (i) => this.deleteRetentionPolicy(i),
      TagLogGroup: (i) => this.tagLogGroup(i),
      UntagLogGroup: (i) => this.untagLogGroup(i),
      ListTagsLogGroup: (i) => ({ tags: { ...this.group(i).tags } }),
      TagResource: (i) => this.tagResource(i),
      UntagResource: (i) => this.untagResource(i),
      ListTagsForResource: (i) => ({ tags: { ...this.groupByArn(str(i, 'resourceArn', true)).tags } }),
      StartQuery: (i) => this.insights.startQuery(i),
      GetQueryResults: (i) => this.insights.getQueryResults(i),
      StopQuery: (i) => this.insights.stopQuery(i),
      DescribeQueries: (i) => this.insights.describeQueries(i),
      GetLogRecord: (i) => this.insights.getLogRecord(i),
    };
    this.ops = o;
  }

  async handle(op: string, body: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const input = parseBody(body);
      if (op === 'StartLiveTail') {
        await this.tails.start(input, req, res);
        return;
      }
      const fn = this.ops[op];
      if (!fn) throw new ServiceError(400, 'UnknownOperationException', `The local CloudWatch Logs service does not implement ${op}.`);
      sendJson(res, 200, fn(input));
    } catch (err) {
      if (!(err instanceof ServiceError))
        (this.opts.log ?? ((l) => process.stderr.write(l + '\n')))(`[logs] ${op} failed: ${(err as Error)?.stack ?? String(err)}`);
      sendError(res, err);
    }
  }

  async close(): Promise<void> {
    this.tails.closeAll();
    this.insights.close();
  }

  // ----- helpers -----------------------------------------------------------------------------

  arnOf(g: LogGroup): string {
    return `arn:aws:logs:${this.opts.region}:${this.opts.accountId}:log-group:${g.name}`;
  }

  /** A group by name or ARN (with or without the trailing :*). */
  resolveGroup(id: string): LogGroup | undefined {
    const name = id.startsWith('arn:') ? this.nameFromArn(id) : id;
    return this.store.groups.get(name);
  }

  private nameFromArn(arn: string): string {
    const m = /^arn:aws[a-z-]*:logs:([^:]*):([^:]*):log-group:([^:]+)(:\*)?$/.exec(arn);
    if (!m) throw invalid(`${arn} is not a log group ARN. Expected arn:aws:logs:REGION:ACCOUNT:log-group:NAME.`);
    if (m[1] !== this.opts.region || m[2] !== this.opts.accountId) {
      throw notFound(`The log group ARN ${arn} is not in this local service (region ${this.opts.region}, account ${this.opts.accountId}).`);
    }
    return m[3];
  }

  private group(i: Input): LogGroup {
    const name = str(i, 'logGroupName');
    const id = str(i, 'logGroupIdentifier');
    if (name !== undefined && id !== undefined) throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    if (name === undefined && id === undefined) throw invalid('Either logGroupName or logGroupIdentifier is required.');
    const g = name !== undefined ? this.store.groups.get(name) : this.resolveGroup(id!);
    if (!g) throw notFound('The specified log group does not exist.');
    return g;
  }

  private groupByArn(arn: string): LogGroup {
    const g = this.store.groups.get(this.nameFromArn(arn));
    if (!g) throw notFound(`The specified resource ${arn} does not exist.`);
    return g;
  }

  private stream(g: LogGroup, i: Input): LogStream {
    const s = g.streams.get(str(i, 'logStreamName', true));
    if (!s) throw notFound('The specified log stream does not exist.');
    return s;
  }

  // ----- groups ------------------------------------------------------------------------------

  private createLogGroup(i: Input): unknown {
    const name = str(i, 'logGroupName', true);
    checkGroupName(name);
    if (this.store.groups.has(name)) throw new ServiceError(400, 'ResourceAlreadyExistsException', 'The specified log group already exists');
    const tags = strMap(i, 'tags') ?? {};
    checkTags(tags);
    this.store.createGroup(name, tags);
    return {};
  }

  private deleteLogGroup(i: Input): unknown {
    const g = this.group(i);
    this.store.deleteGroup(g.name);
    this.tails.groupDeleted(g.name);
    return {};
  }

  private describeLogGroups(i: Input): unknown {
    const prefix = str(i, 'logGroupNamePrefix');
    const pattern = str(i, 'logGroupNamePattern');
    if (prefix !== undefined && pattern !== undefined) throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    const ids = strList(i, 'logGroupIdentifiers');
    const limit = limitOf(i, 50, 50);
    const after = tokenName(i);
    const wanted = ids ? new Set(ids.map((id) => (id.startsWith('arn:') ? this.nameFromArn(id) : id))) : undefined;
    const needle = pattern?.toLowerCase();
    const names = [...this.store.groups.keys()]
      .filter((n) => (prefix === undefined || n.startsWith(prefix)) && (needle === undefined || n.toLowerCase().includes(needle)) && (!wanted || wanted.has(n)))
      .sort();
    const page = names.filter((n) => after === undefined || n > after).slice(0, limit + 1);
    const more = page.length > limit;
    const logGroups = page.slice(0, limit).map((n) => this.describeGroup(this.store.groups.get(n)!));
    return { logGroups, ...(more ? { nextToken: encodeToken({ n: page[limit - 1] }) } : {}) };
  }

  private describeGroup(g: LogGroup): unknown {
    const arn = this.arnOf(g);
    return {
      logGroupName: g.name,
      creationTime: g.creationTime,
      ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}),
      metricFilterCount: 0,
      arn: `${arn}:*`,
      logGroupArn: arn,
      storedBytes: g.bytes,
      logGroupClass: 'STANDARD',
    };
  }

  private putRetentionPolicy(i: Input): unknown {
    const g = this.group(i);
    const days = num(i, 'retentionInDays');
    if (days === undefined || !RETENTION_DAYS.has(days)) {
      throw invalid(
        `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${[...RETENTION_DAYS].join(', ')}]`,
      );
    }
    this.store.setRetention(g, days);
    return {};
  }

  private deleteRetentionPolicy(i: Input): unknown {
    this.store.setRetention(this.group(i), undefined);
    return {};
  }

  private tagLogGroup(i: Input): unknown {
    const g = this.group(i);
    const tags = { ...g.tags, ...(strMap(i, 'tags') ?? {}) };
    checkTags(tags);
    this.store.setTags(g, tags);
    return {};
  }

  private untagLogGroup(i: Input): unknown {
    const g = this.group(i);
    const tags = { ...g.tags };
    for (const k of strList(i, 'tags') ?? []) delete tags[k];
    this.store.setTags(g, tags);
    return {};
  }

  private tagResource(i: Input): unknown {
    const g = this.groupByArn(str(i, 'resourceArn', true));
    const tags = { ...g.tags, ...(strMap(i, 'tags') ?? {}) };
    checkTags(tags);
    this.store.setTags(g, tags);
    return {};
  }

  private untagResource(i: Input): unknown {
    const g = this.groupByArn(str(i, 'resourceArn', true));
    const tags = { ...g.tags };
    for (const k of strList(i, 'tagKeys') ?? []) delete tags[k];
    this.store.setTags(g, tags);
    return {};
  }

  // ----- streams -----------------------------------------------------------------------------

  private createLogStream(i: Input): unknown {
    const g = this.group({ logGroupName: str(i, 'logGroupName', true) });
    const name = str(i, 'logStreamName', true);
    checkStreamName(name);
    if (g.streams.has(name)) throw new ServiceError(400, 'ResourceAlreadyExistsException', 'The specified log stream already exists');
    this.store.createStream(g, name);
    return {};
  }

  private deleteLogStream(i: Input): unknown {
    const g = this.group({ logGroupName: str(i, 'logGroupName', true) });
    this.store.deleteStream(g, this.stream(g, i).name);
    return {};
  }

  private describeLogStreams(i: Input): unknown {
    const g = this.group(i);
    const prefix = str(i, 'logStreamNamePrefix');
    const orderBy = str(i, 'orderBy') ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw invalid(
        `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
      );
    }
    if (prefix !== undefined && orderBy === 'LastEventTime') throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const descending = bool(i, 'descending') ?? false;
    const limit = limitOf(i, 50, 50);
    const streams = [...g.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
    // Sort by a (primary, name) key so a token can resume after the last item returned.
    const keyOf = (s: LogStream): [number, string] => [orderBy === 'LastEventTime' ? (s.lastEventTimestamp ?? 0) : 0, s.name];
    const cmp = (a: [number, string], b: [number, string]): number => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
    const dir = descending ? -1 : 1;
    streams.sort((a, b) => dir * cmp(keyOf(a), keyOf(b)));
    const token = str(i, 'nextToken');
    let start = 0;
    if (token !== undefined) {
      const after = decodeToken(
        token,
        (v): v is { k: [number, string] } => isObj(v) && Array.isArray(v.k) && typeof v.k[0] === 'number' && typeof v.k[1] === 'string',
      ).k;
      start = streams.findIndex((s) => dir * cmp(keyOf(s), after) > 0);
      if (start < 0) start = streams.length;
    }
    const page = streams.slice(start, start + limit);
    const more = start + limit < streams.length;
    return {
      logStreams: page.map((s) => this.describeStream(g, s)),
      ...(more ? { nextToken: encodeToken({ k: keyOf(page[page.length - 1]) }) } : {}),
    };
  }

  private describeStream(g: LogGroup, s: LogStream): unknown {
    return {
      logStreamName: s.name,
      creationTime: s.creationTime,
      ...(s.size ? { firstEventTimestamp: s.firstEventTimestamp, lastEventTimestamp: s.lastEventTimestamp } : {}),
      ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
      arn: `${this.arnOf(g)}:log-stream:${s.name}`,
      storedBytes: 0, // deprecated by AWS and always 0 there too
    };
  }

  // ----- events ------------------------------------------------------------------------------

  private putLogEvents(i: Input): unknown {
    const g = this.group({ logGroupName: str(i, 'logGroupName', true) });
    const s = this.stream(g, i);
    const raw = i.logEvents;
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > 10_000) {
      throw invalid("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and 10000");
    }
    let batchBytes = 0;
    const events = raw.map((e, idx) => {
      if (!isObj(e) || typeof e.timestamp !== 'number' || typeof e.message !== 'string') {
        throw invalid(`logEvents[${idx}] must have a numeric timestamp (epoch milliseconds) and a string message.`);
      }
      if (e.message.length === 0) throw invalid(`logEvents[${idx}].message must not be empty.`);
      batchBytes += Buffer.byteLength(e.message) + 26;
      return { timestamp: e.timestamp, message: e.message };
    });
    if (batchBytes > MAX_BATCH_BYTES)
      throw invalid(`The batch is ${batchBytes} bytes; the maximum is 1,048,576 bytes (each event counts its UTF-8 message plus 26 bytes).`);
    // AWS no longer needs sequence tokens; events are accepted in any order and kept sorted.
    events.sort((a, b) => a.timestamp - b.timestamp);
    if (events[events.length - 1].timestamp - events[0].timestamp > DAY_MS) {
      throw invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }
    const now = Date.now();
    const tooOld = now - 14 * DAY_MS;
    const expired = g.retentionInDays ? now - g.retentionInDays * DAY_MS : -Infinity;
    const tooNew = now + 2 * 3_600_000;
    let oldEnd = 0;
    let expiredEnd = 0;
    let newStart = events.length;
    events.forEach((e, idx) => {
      if (e.timestamp < tooOld) oldEnd = idx + 1;
      if (e.timestamp < expired) expiredEnd = idx + 1;
      if (e.timestamp > tooNew && newStart === events.length) newStart = idx;
    });
    const accepted = events.slice(Math.max(oldEnd, expiredEnd), newStart);
    if (accepted.length) this.store.appendEvents(g, s, accepted);
    const rejected: Record<string, number> = {};
    if (newStart < events.length) rejected.tooNewLogEventStartIndex = newStart;
    if (oldEnd > 0) rejected.tooOldLogEventEndIndex = oldEnd;
    if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
    return {
      nextSequenceToken: String(g.nextSeq).padStart(56, '0'),
      ...(Object.keys(rejected).length ? { rejectedLogEventsInfo: rejected } : {}),
    };
  }

  private getLogEvents(i: Input): unknown {
    const g = this.group(i);
    const s = this.stream(g, i);
    const token = str(i, 'nextToken');
    if (token !== undefined) decodeStreamToken(token);
    return getLogEvents(s, {
      startTime: num(i, 'startTime'),
      endTime: num(i, 'endTime'),
      limit: limitOf(i, MAX_EVENTS_PER_RESPONSE, MAX_EVENTS_PER_RESPONSE),
      startFromHead: bool(i, 'startFromHead') ?? false,
      token,
    });
  }

  private filterLogEvents(i: Input): unknown {
    const g = this.group(i);
    const names = strList(i, 'logStreamNames');
    const prefix = str(i, 'logStreamNamePrefix');
    if (names && prefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    if (names && (names.length < 1 || names.length > 100)) throw invalid('logStreamNames must list between 1 and 100 stream names.');
    const streams = names
      ? names.map((n) => g.streams.get(n)).filter((s): s is LogStream => s !== undefined)
      : [...g.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
    const token = str(i, 'nextToken');
    const after =
      token === undefined
        ? undefined
        : decodeToken(token, (v): v is { k: Key } => isObj(v) && isObj(v.k) && typeof v.k.ts === 'number' && typeof v.k.seq === 'number').k;
    const { events, next } = filterLogEvents({
      streams,
      startTime: num(i, 'startTime'),
      endTime: num(i, 'endTime'),
      matcher: compilePattern(str(i, 'filterPattern')),
      limit: limitOf(i, MAX_EVENTS_PER_RESPONSE, MAX_EVENTS_PER_RESPONSE),
      after,
      scanBudget: this.opts.filterScanBudget,
      scanTimeBudgetMs: this.opts.filterScanTimeMs,
    });
    return {
      events,
      searchedLogStreams: [],
      ...(next ? { nextToken: encodeToken({ k: next }) } : {}),
    };
  }
}

function tokenName(i: Input): string | undefined {
  const token = str(i, 'nextToken');
  if (token === undefined) return undefined;
  return decodeToken(token, (v): v is { n: string } => isObj(v) && typeof v.n === 'string').n;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkTags(tags: Record<string, string>): void {
  const keys = Object.keys(tags);
  if (keys.length > 50) throw new ServiceError(400, 'TooManyTagsException', 'A log group can have at most 50 tags.', { resourceName: '' });
  for (const k of keys) {
    if (k.length < 1 || k.length > 128 || k.startsWith('aws:'))
      throw invalid(`Tag key ${JSON.stringify(k)} must be 1 to 128 characters and must not start with aws:.`);
    if (tags[k].length > 256) throw invalid(`The value of tag ${JSON.stringify(k)} is longer than 256 characters.`);
  }
}
