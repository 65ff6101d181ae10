// Runs a query over log events, the way CloudWatch shapes the answer: rows of {field, value}
// (strings), @ptr on event rows, newest first and 1000 rows unless the query says otherwise, and
// the statistics. The caller pushes events one at a time (no object per event: the context below
// is reused, JSON and Lambda fields are read only when the query names them) and calls finish().
import { compileRegex, type QueryRegex } from './regex';
import type { Command, Expr, Query } from './ast';
import { compileExpr, type Env, type Getter } from './compile';
import { jsonObject, jsonPath, lambdaField, textRequestId, type Fields } from './discover';
import { parseQuery } from './parse';
import { StatsRunner, type Row } from './stats';
import { formatTimestamp, formatValue, sortCompare, toStr, truthy, type Value } from './values';
import { DISCOVERED_FIELDS, LIMITS } from './vocabulary';

export interface ResultField {
  field: string;
  value: string;
}

export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

export interface QueryOutput {
  results: ResultField[][];
  statistics: QueryStatistics;
}

export interface RunOptions {
  /** The query's start time (now(), default Date.now()). */
  now?: number;
  /** @ptr of an event row, from what push() was given. */
  ptr?: (stream: string, log: string, ref: number) => string;
  /** StartQuery's `limit`: the most rows returned, whatever the query says (default and max 10000). */
  limit?: number;
}

const NOT_PARSED: Record<string, unknown> = {};
/** The fields read from Lambda's own lines (REPORT, START/END, the request id): the vocabulary's non-`all` ones. */
const LAMBDA_FIELDS = new Set(DISCOVERED_FIELDS.filter((f) => f.on !== 'all').map((f) => f.name));

class EventCtx {
  ts = 0;
  msg = '';
  stream = '';
  log = '';
  ing = 0;
  ref = 0;
  json: Record<string, unknown> | undefined = NOT_PARSED;
  extra: Fields | undefined = undefined;

  jsonOf(): Record<string, unknown> | undefined {
    if (this.json === NOT_PARSED) this.json = jsonObject(this.msg);
    return this.json;
  }
}

type Stage = (c: EventCtx) => boolean;

export class QueryRun {
  readonly query: Query;
  private readonly ctx = new EventCtx();
  private readonly stages: Stage[] = [];
  private readonly stats: StatsRunner<EventCtx> | undefined;
  private readonly rest: Command[];
  private readonly capture: { name: string; get: Getter<EventCtx> }[] = [];
  private readonly captured: Row[] = [];
  private readonly bound: { k: number; cmp: (a: Row, b: Row) => number } | undefined;
  private readonly timeFields = new Set(['@timestamp', '@ingestionTime']);
  private readonly now: number;
  private readonly limit: number;
  private readonly ptr: (stream: string, log: string, ref: number) => string;
  private columns: string[] = [];
  private readonly hasSort: boolean;
  private readonly hasLimit: boolean;
  recordsScanned = 0;
  recordsMatched = 0;
  bytesScanned = 0;

  constructor(query: Query | string, opts: RunOptions = {}) {
    this.query = typeof query === 'string' ? parseQuery(query) : query;
    this.now = opts.now ?? Date.now();
    this.limit = opts.limit ?? LIMITS.maxRows;
    this.ptr = opts.ptr ?? ((s, l, r) => `${l}|${s}|${r}`);
    const cmds = this.query.commands;
    this.hasSort = cmds.some((c) => c.cmd === 'sort');
    this.hasLimit = cmds.some((c) => c.cmd === 'limit');
    const assigned = new Set<string>();
    const env: Env<EventCtx> = {
      source: this.query.source,
      now: this.now,
      timestamp: (c) => c.ts,
      field: (name) => this.eventField(name, assigned.has(name)),
    };
    let i = 0;
    for (; i < cmds.length; i++) {
      const c = cmds[i];
      if (c.cmd === 'filter') {
        const f = compileExpr(c.expr, env);
        this.stages.push((x) => truthy(f(x)));
      } else if (c.cmd === 'fields') {
        this.stages.push(...this.projectStage(c.items, env, assigned));
      } else if (c.cmd === 'parse') {
        this.stages.push(this.parseStage(c, env, assigned));
      } else if (c.cmd === 'display') this.columns = c.items.map((p) => p.name);
      else break;
    }
    const first = cmds[i];
    if (first?.cmd === 'stats') {
      this.stats = new StatsRunner(first, env, (c) => c.ts, this.timeFields);
      i++;
    }
    this.rest = cmds.slice(i);
    // Compile the commands after the scan now, so their mistakes are reported by StartQuery, not as a failed query.
    runRows([], this.rest, [], this.query.source, this.now, new Set(this.timeFields));
    if (!this.stats) {
      const names = new Set<string>(['@timestamp', '@message', '@logStream', '@log', ...referencedFields(cmds)]);
      for (const n of names) this.capture.push({ name: n, get: this.eventField(n, assigned.has(n)) });
      this.bound = this.captureBound();
    }
  }

  /** Where a field of an event comes from: the event itself, an earlier fields/parse, Lambda's lines, JSON. */
  private eventField(name: string, computed: boolean): Getter<EventCtx> {
    let base: Getter<EventCtx>;
    switch (name) {
      case '@timestamp':
        base = (c) => c.ts;
        break;
      case '@message':
        base = (c) => c.msg;
        break;
      case '@logStream':
        base = (c) => c.stream;
        break;
      case '@log':
        base = (c) => c.log;
        break;
      case '@ingestionTime':
        base = (c) => c.ing;
        break;
      case '@ptr':
        base = (c) => this.ptr(c.stream, c.log, c.ref);
        break;
      default:
        if (name === '@requestId') {
          const rid = jsonPath('requestId');
          base = (c) => {
            const j = c.jsonOf();
            return lambdaField(c.msg, name) ?? textRequestId(c.msg) ?? (j ? rid(j) : undefined);
          };
        } else if (LAMBDA_FIELDS.has(name)) base = (c) => lambdaField(c.msg, name);
        else {
          const at = jsonPath(name);
          base = (c) => {
            const j = c.jsonOf();
            return j ? at(j) : undefined;
          };
        }
    }
    if (!computed) return base;
    return (c) => {
      const v = c.extra?.[name];
      return v !== undefined ? v : base(c);
    };
  }

  private projectStage(items: { expr: Expr; name: string; alias: boolean }[], env: Env<EventCtx>, assigned: Set<string>): Stage[] {
    const out: Stage[] = [];
    for (const p of items) {
      if (!this.columns.includes(p.name)) this.columns.push(p.name);
      if (p.expr.type === 'field' && p.expr.name === p.name) continue;
      const get = compileExpr(p.expr, env);
      if (isTime(p.expr, this.timeFields)) this.timeFields.add(p.name);
      const name = p.name;
      assigned.add(name);
      out.push((c) => {
        (c.extra ??= {})[name] = get(c);
        return true;
      });
    }
    return out;
  }

  private parseStage(c: Extract<Command, { cmd: 'parse' }>, env: Env<EventCtx>, assigned: Set<string>): Stage {
    const src = compileExpr(c.source, env);
    const re = c.regex ? compileRegex(c.regex.source, c.regex.flags) : globRegex(c.glob!);
    const names = c.names;
    for (const n of names) {
      assigned.add(n);
      if (!this.columns.includes(n)) this.columns.push(n);
    }
    return (x) => {
      const s = toStr(src(x));
      if (s === undefined) return true;
      const m = re.exec(s);
      if (!m) return true;
      const extra = (x.extra ??= {});
      if (c.regex) for (const n of names) extra[n] = m.groups?.[n];
      else names.forEach((n, i) => (extra[n] = m[i + 1]));
      return true;
    };
  }

  /** Keeps only the rows that can still be returned when the query is a (default) sort then a limit. */
  private captureBound(): { k: number; cmp: (a: Row, b: Row) => number } | undefined {
    const [a, b] = this.rest;
    let keys: { name: string; desc: boolean }[] = [{ name: '@timestamp', desc: true }];
    let limit: number | undefined;
    if (a?.cmd === 'sort') {
      if (a.keys.some((k) => k.expr.type !== 'field')) return undefined;
      keys = a.keys.map((k) => ({ name: k.name, desc: k.desc }));
      if (b?.cmd === 'limit') limit = b.n;
      else if (!b && !this.hasLimit) limit = LIMITS.defaultRows;
    } else if (a?.cmd === 'limit' && !this.hasSort) limit = a.n;
    else if (!a) limit = LIMITS.defaultRows;
    if (limit === undefined) return undefined;
    return { k: Math.min(limit, this.limit), cmp: rowComparator(keys) };
  }

  /** One event. `ref` is handed back to the ptr function for @ptr. */
  push(ts: number, message: string, stream: string, log: string, ingestion: number, ref: number): void {
    this.recordsScanned++;
    this.bytesScanned += message.length;
    const c = this.ctx;
    c.ts = ts;
    c.msg = message;
    c.stream = stream;
    c.log = log;
    c.ing = ingestion;
    c.ref = ref;
    c.json = NOT_PARSED;
    c.extra = undefined;
    const stages = this.stages;
    for (let i = 0; i < stages.length; i++) if (!stages[i](c)) return;
    this.recordsMatched++;
    if (this.stats) {
      this.stats.add(c);
      return;
    }
    const row: Row = {};
    for (const f of this.capture) row[f.name] = f.get(c);
    row['@ptr'] = this.ptr(stream, log, ref);
    this.captured.push(row);
    const b = this.bound;
    if (b && this.captured.length >= 2 * b.k + 1024) {
      this.captured.sort(b.cmp);
      this.captured.length = b.k;
    }
  }

  /** Adds scanned records and bytes that the caller skipped without pushing (outside the time range, for example). */
  addScanned(records: number, bytes: number): void {
    this.recordsScanned += records;
    this.bytesScanned += bytes;
  }

  finish(): QueryOutput {
    let rows: Row[];
    let columns = this.columns;
    const raw = !this.stats;
    if (this.stats) {
      rows = this.stats.rows();
      columns = this.stats.columns;
      for (const t of this.stats.timeColumns) this.timeFields.add(t);
    } else {
      rows = this.captured;
      if (!this.hasSort) rows.sort(rowComparator([{ name: '@timestamp', desc: true }]));
    }
    const out = runRows(rows, this.rest, columns, this.query.source, this.now, this.timeFields);
    rows = out.rows;
    columns = out.columns;
    if (raw && out.raw && columns.length === 0) columns = ['@timestamp', '@message'];
    const limit = Math.min(this.limit, this.hasLimit ? LIMITS.maxRows : out.raw ? LIMITS.defaultRows : LIMITS.maxRows);
    if (rows.length > limit) rows = rows.slice(0, limit);
    const cols = out.raw ? [...columns.filter((c) => c !== '@ptr'), '@ptr'] : columns;
    const results = rows.map((r) => {
      const fields: ResultField[] = [];
      for (const name of cols) {
        const v = r[name];
        if (v === undefined) continue;
        fields.push({ field: name, value: this.timeFields.has(name) && typeof v === 'number' ? formatTimestamp(v) : formatValue(v) });
      }
      return fields;
    });
    return { results, statistics: { recordsMatched: this.recordsMatched, recordsScanned: this.recordsScanned, bytesScanned: this.bytesScanned } };
  }
}

/** The commands after the first sort, limit, dedup or stats, over rows. */
function runRows(
  rows: Row[],
  cmds: Command[],
  columns: string[],
  source: string,
  now: number,
  timeFields: Set<string>,
): { rows: Row[]; columns: string[]; raw: boolean } {
  let raw = !cmds.some((c) => c.cmd === 'stats');
  let cols = [...columns];
  let seenStats = false;
  const env: Env<Row> = { source, now, timestamp: (r) => r['@timestamp'], field: (n) => (r) => r[n] };
  for (const c of cmds) {
    switch (c.cmd) {
      case 'filter': {
        const f = compileExpr(c.expr, env);
        rows = rows.filter((r) => truthy(f(r)));
        break;
      }
      case 'fields':
        for (const p of c.items) {
          if (!cols.includes(p.name)) cols.push(p.name);
          if (p.expr.type === 'field' && p.expr.name === p.name) continue;
          const get = compileExpr(p.expr, env);
          if (isTime(p.expr, timeFields)) timeFields.add(p.name);
          for (const r of rows) r[p.name] = get(r);
        }
        break;
      case 'display':
        cols = c.items.map((p) => p.name);
        break;
      case 'parse': {
        const src = compileExpr(c.source, env);
        const re = c.regex ? compileRegex(c.regex.source, c.regex.flags) : globRegex(c.glob!);
        for (const n of c.names) if (!cols.includes(n)) cols.push(n);
        for (const r of rows) {
          const m = re.exec(toStr(src(r)) ?? '');
          if (m) c.names.forEach((n, i) => (r[n] = c.regex ? m.groups?.[n] : m[i + 1]));
        }
        break;
      }
      case 'sort':
        rows = [...rows].sort(
          rowComparator(c.keys.map((k) => ({ name: k.name, desc: k.desc, get: k.expr.type === 'field' ? undefined : compileExpr(k.expr, env) }))),
        );
        break;
      case 'limit':
        rows = rows.slice(0, c.n);
        break;
      case 'dedup': {
        const seen = new Set<string>();
        rows = rows.filter((r) => {
          const key = JSON.stringify(c.fields.map((f) => r[f] ?? null));
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        break;
      }
      case 'stats': {
        const s = new StatsRunner<Row>(c, env, (r) => (typeof r['@timestamp'] === 'number' ? r['@timestamp'] : 0), timeFields);
        for (const r of rows) s.add(r);
        rows = s.rows();
        cols = s.columns;
        for (const t of s.timeColumns) timeFields.add(t);
        raw = false;
        seenStats = true;
        break;
      }
    }
  }
  return { rows, columns: cols, raw: raw && !seenStats };
}

function rowComparator(keys: { name: string; desc: boolean; get?: (r: Row) => Value }[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const k of keys) {
      const c = sortCompare(k.get ? k.get(a) : a[k.name], k.get ? k.get(b) : b[k.name], k.desc);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** A parse glob as a regular expression: each * captures (lazily; the last one to the end). */
export function globRegex(glob: string): QueryRegex {
  const parts = glob.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  let src = parts[0];
  for (let i = 1; i < parts.length; i++) src += (i === parts.length - 1 && parts[i] === '' ? '(.*)' : '(.*?)') + parts[i];
  return compileRegex(src, 's');
}

function isTime(e: Expr, timeFields: ReadonlySet<string>): boolean {
  if (e.type === 'field') return timeFields.has(e.name);
  return e.type === 'call' && ['bin', 'datefloor', 'dateceil', 'fromMillis', 'totimestamp'].includes(e.name);
}

/** Every field name the query mentions (to keep on event rows for the commands after a sort or limit). */
function referencedFields(cmds: Command[]): string[] {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.type === 'field') out.add(e.name);
    else if (e.type === 'call') e.args.forEach(walk);
    else if (e.type === 'unary') walk(e.arg);
    else if (e.type === 'binary') {
      walk(e.left);
      walk(e.right);
    } else if (e.type === 'like' || e.type === 'in') walk(e.arg);
  };
  for (const c of cmds) {
    if (c.cmd === 'filter') walk(c.expr);
    else if (c.cmd === 'fields' || c.cmd === 'display') {
      for (const p of c.items) {
        walk(p.expr);
        out.add(p.name);
      }
    } else if (c.cmd === 'stats') [...c.items, ...c.by].forEach((p) => walk(p.expr));
    else if (c.cmd === 'sort') c.keys.forEach((k) => walk(k.expr));
    else if (c.cmd === 'dedup') c.fields.forEach((f) => out.add(f));
    else if (c.cmd === 'parse') {
      walk(c.source);
      c.names.forEach((n) => out.add(n));
    }
  }
  return [...out];
}
