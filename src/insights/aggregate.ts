// The stats functions: one accumulator per function per group, fed one value (and the event's
// time) at a time. count(*) only counts; the others keep what their result needs.
import { compare, toNum, type Value } from './values';

export interface Acc {
  add(v: Value, ts: number): void;
  result(): Value;
}

class Count implements Acc {
  n = 0;
  constructor(private readonly star: boolean) {}
  add(v: Value): void {
    if (this.star || v !== undefined) this.n++;
  }
  result(): Value {
    return this.n;
  }
}

class CountDistinct implements Acc {
  readonly seen = new Set<Value>();
  add(v: Value): void {
    if (v !== undefined) this.seen.add(typeof v === 'number' ? v : String(v));
  }
  result(): Value {
    return this.seen.size;
  }
}

class Sum implements Acc {
  n = 0;
  sum = 0;
  sumSq = 0;
  constructor(private readonly kind: 'sum' | 'avg' | 'stddev') {}
  add(v: Value): void {
    const x = toNum(v);
    if (x === undefined) return;
    this.n++;
    this.sum += x;
    this.sumSq += x * x;
  }
  result(): Value {
    if (this.n === 0) return undefined;
    if (this.kind === 'sum') return this.sum;
    const mean = this.sum / this.n;
    if (this.kind === 'avg') return mean;
    if (this.n < 2) return 0;
    // Sample standard deviation.
    return Math.sqrt(Math.max(0, (this.sumSq - this.n * mean * mean) / (this.n - 1)));
  }
}

class MinMax implements Acc {
  best: Value = undefined;
  constructor(private readonly max: boolean) {}
  add(v: Value): void {
    if (v === undefined) return;
    const x = toNum(v) ?? v;
    if (this.best === undefined) this.best = x;
    else {
      const c = compare(x, this.best);
      if (this.max ? c > 0 : c < 0) this.best = x;
    }
  }
  result(): Value {
    return this.best;
  }
}

class ByTime implements Acc {
  best: Value = undefined;
  at = 0;
  constructor(private readonly latest: boolean) {}
  add(v: Value, ts: number): void {
    if (v === undefined) return;
    if (this.best === undefined || (this.latest ? ts >= this.at : ts < this.at)) {
      this.best = v;
      this.at = ts;
    }
  }
  result(): Value {
    return this.best;
  }
}

class Pct implements Acc {
  readonly xs: number[] = [];
  constructor(private readonly p: number) {}
  add(v: Value): void {
    const x = toNum(v);
    if (x !== undefined) this.xs.push(x);
  }
  result(): Value {
    if (this.xs.length === 0) return undefined;
    const s = Float64Array.from(this.xs).sort();
    // Nearest rank.
    const rank = Math.ceil((this.p / 100) * s.length);
    return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
  }
}

/** A factory of accumulators for a stats function; `extra` is pct's percentile. */
export function accumulator(name: string, star: boolean, extra?: number): () => Acc {
  switch (name) {
    case 'count':
      return () => new Count(star);
    case 'count_distinct':
      return () => new CountDistinct();
    case 'sum':
    case 'avg':
    case 'stddev':
      return () => new Sum(name);
    case 'min':
    case 'sortsFirst':
      return () => new MinMax(false);
    case 'max':
    case 'sortsLast':
      return () => new MinMax(true);
    case 'earliest':
      return () => new ByTime(false);
    case 'latest':
      return () => new ByTime(true);
    case 'pct':
      return () => new Pct(extra ?? 50);
    default:
      throw new Error(`no accumulator for ${name}`);
  }
}
