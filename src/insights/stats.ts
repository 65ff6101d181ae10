// The stats command compiled over any context (the scan's events or the rows of an earlier
// stats): groups by the `by` values, feeds each group's accumulators, and builds one row per
// group. A stats item may combine aggregates (`sum(a) / count(*)`) and name earlier items.
import type { Command, Expr } from './ast';
import { accumulator, type Acc } from './aggregate';
import { compileExpr, errorAt, isAggregate, isTimeExpr, type Env, type Getter } from './compile';
import { toNum, type Value } from './values';

export type Row = Record<string, Value>;

interface Slot {
  make: () => Acc;
  arg: Getter<unknown> | undefined;
}

interface Group {
  keys: Value[];
  accs: Acc[];
}

export class StatsRunner<C> {
  private readonly slots: Slot[] = [];
  private readonly byGetters: Getter<C>[];
  private readonly byNames: string[];
  private readonly items: { name: string; get: Getter<{ g: Group; row: Row }> }[] = [];
  private readonly groups = new Map<Value, Group>();
  private readonly single: boolean;
  /** by bin(period) alone: groups are keyed by the bin's index (a small integer, no boxed double per event). */
  private readonly binMs: number | undefined;
  readonly columns: string[];
  readonly timeColumns: string[] = [];
  /** The `by` column that is a bin() of time (results come newest first), if any. */
  readonly binColumn: string | undefined;

  constructor(
    cmd: Extract<Command, { cmd: 'stats' }>,
    env: Env<C>,
    private readonly tsOf: (c: C) => number,
    timeFields: ReadonlySet<string>,
  ) {
    this.byGetters = cmd.by.map((p) => compileExpr(p.expr, env));
    this.byNames = cmd.by.map((p) => p.name);
    this.single = cmd.by.length <= 1;
    this.binColumn = cmd.by.find((p) => p.expr.type === 'call' && p.expr.name === 'bin')?.name;
    const b0 = cmd.by[0]?.expr;
    if (cmd.by.length === 1 && b0.type === 'call' && b0.name === 'bin') {
      const per = b0.args[0];
      this.binMs = per.type === 'duration' ? per.ms : per.type === 'number' ? per.value * 1000 : undefined;
    }
    for (const p of cmd.by) if (isTimeExpr(p.expr, timeFields)) this.timeColumns.push(p.name);
    const known = new Set(this.byNames);
    for (const p of cmd.items) {
      const get = compileExpr<{ g: Group; row: Row }>(p.expr, {
        source: env.source,
        now: env.now,
        timestamp: () => undefined,
        field: (name) => {
          if (!known.has(name)) {
            throw errorAt(env.source, p.expr, (w) => `${name} is neither a stats function nor an earlier stats name (${w}); aggregate it, e.g. max(${name}).`);
          }
          return (x) => x.row[name];
        },
        aggregate: (call) => {
          const idx = this.slots.length;
          this.slots.push(this.slotOf(call, env));
          return (x) => x.g.accs[idx].result();
        },
      });
      this.items.push({ name: p.name, get });
      known.add(p.name);
      if (isTimeExpr(p.expr, timeFields)) this.timeColumns.push(p.name);
    }
    this.columns = [...this.byNames, ...this.items.map((i) => i.name)];
  }

  private slotOf(call: Extract<Expr, { type: 'call' }>, env: Env<C>): Slot {
    const a = call.args[0];
    if (a && containsAggregate(a)) throw errorAt(env.source, a, (w) => `A stats function cannot take another stats function (${w}).`);
    let extra: number | undefined;
    if (call.name === 'pct') {
      const p = call.args[1];
      extra = p.type === 'number' ? p.value : NaN;
      if (!(extra >= 0 && extra <= 100)) throw errorAt(env.source, p, (w) => `pct needs a percentile between 0 and 100 as its second argument (${w}).`);
    }
    const star = !a || a.type === 'star';
    if (call.name !== 'count' && star) throw errorAt(env.source, call, (w) => `${call.name} needs a field (${w}).`);
    return { make: accumulator(call.name, star, extra), arg: star ? undefined : (compileExpr(a, env) as Getter<unknown>) };
  }

  private lastKey: Value = NaN;
  private lastGroup: Group | undefined;

  /** Feeds one event or row. */
  add(c: C): void {
    let key: Value;
    const binMs = this.binMs;
    if (binMs !== undefined) key = Math.floor(this.tsOf(c) / binMs);
    else if (this.single) key = this.byGetters.length ? this.byGetters[0](c) : '';
    else {
      let k = '';
      for (const g of this.byGetters) {
        const v = g(c);
        k += (v === undefined ? '\u0000' : typeof v === 'number' ? 'n' + v : 's' + String(v)) + '\u0001';
      }
      key = k;
    }
    // Events come in time order per stream: the same group (the same bin) as the previous one is common.
    let g = key === this.lastKey ? this.lastGroup : this.groups.get(key);
    if (!g) {
      g = { keys: binMs !== undefined ? [(key as number) * binMs] : this.byGetters.map((get) => get(c)), accs: this.slots.map((s) => s.make()) };
      this.groups.set(key, g);
    }
    this.lastKey = key;
    this.lastGroup = g;
    const accs = g.accs;
    const slots = this.slots;
    if (slots.length === 1 && slots[0].arg === undefined) {
      accs[0].add(true, 0);
      return;
    }
    const ts = this.tsOf(c);
    for (let i = 0; i < slots.length; i++) {
      const arg = slots[i].arg;
      accs[i].add(arg === undefined ? true : arg(c), ts);
    }
  }

  /** One row per group (a stats without `by` over no event still gives its one row, as count(*) = 0). */
  rows(): Row[] {
    if (this.groups.size === 0 && this.byGetters.length === 0) this.groups.set('', { keys: [], accs: this.slots.map((s) => s.make()) });
    const out: Row[] = [];
    for (const g of this.groups.values()) {
      const row: Row = {};
      this.byNames.forEach((n, i) => (row[n] = g.keys[i]));
      for (const it of this.items) row[it.name] = it.get({ g, row });
      out.push(row);
    }
    if (this.binColumn) {
      const b = this.binColumn;
      out.sort((x, y) => (toNum(y[b]) ?? 0) - (toNum(x[b]) ?? 0));
    }
    return out;
  }
}

function containsAggregate(e: Expr): boolean {
  if (isAggregate(e)) return true;
  switch (e.type) {
    case 'call':
      return e.args.some(containsAggregate);
    case 'unary':
      return containsAggregate(e.arg);
    case 'binary':
      return containsAggregate(e.left) || containsAggregate(e.right);
    default:
      return false;
  }
}
