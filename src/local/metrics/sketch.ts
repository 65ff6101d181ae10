// A relative-error quantile sketch (the DDSketch idea: logarithmic buckets, so any quantile is within
// 1% of the true value) for rolled-up metric points, whose raw values are no longer kept. Buckets are
// two parallel arrays sorted by index, so merging is a linear walk and the rollup file stores them as
// they are.

/** Relative accuracy of a quantile read from a sketch. */
export const SKETCH_ACCURACY = 0.01;
const GAMMA = (1 + SKETCH_ACCURACY) / (1 - SKETCH_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this count as zero (Lambda's metrics are never negative). */
const MIN_POSITIVE = 1e-9;

export interface Sketch {
  /** Values ≤ 0 (Errors = 0, Throttles = 0). */
  zeros: number;
  /** Bucket indexes, ascending; bucket i holds values in (γ^(i-1), γ^i]. */
  idx: number[];
  /** Count of each bucket in `idx`. */
  cnt: number[];
}

export function emptySketch(): Sketch {
  return { zeros: 0, idx: [], cnt: [] };
}

export function sketchAdd(s: Sketch, value: number, count = 1): void {
  if (!(value > MIN_POSITIVE)) {
    s.zeros += count;
    return;
  }
  const i = Math.ceil(Math.log(value) / LOG_GAMMA);
  let lo = 0;
  let hi = s.idx.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.idx[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  if (s.idx[lo] === i) s.cnt[lo]! += count;
  else {
    s.idx.splice(lo, 0, i);
    s.cnt.splice(lo, 0, count);
  }
}

/** A new sketch holding both. */
export function sketchMerge(a: Sketch, b: Sketch): Sketch {
  const out: Sketch = { zeros: a.zeros + b.zeros, idx: [], cnt: [] };
  let i = 0;
  let j = 0;
  while (i < a.idx.length || j < b.idx.length) {
    const x = i < a.idx.length ? a.idx[i]! : Infinity;
    const y = j < b.idx.length ? b.idx[j]! : Infinity;
    if (x === y) {
      out.idx.push(x);
      out.cnt.push(a.cnt[i++]! + b.cnt[j++]!);
    } else if (x < y) {
      out.idx.push(x);
      out.cnt.push(a.cnt[i++]!);
    } else {
      out.idx.push(y);
      out.cnt.push(b.cnt[j++]!);
    }
  }
  return out;
}

/** Whether a value read from the rollup file is a well-formed sketch. */
export function isSketch(s: Sketch): boolean {
  return (
    typeof s.zeros === 'number' &&
    Array.isArray(s.idx) &&
    Array.isArray(s.cnt) &&
    s.idx.length === s.cnt.length &&
    s.idx.every((x, k) => Number.isInteger(x) && (k === 0 || x > s.idx[k - 1]!))
  );
}

/**
 * The value at rank ceil(q·n) (nearest rank, as for raw values), read as its bucket's midpoint in
 * relative terms, clamped to the exact min/max the aggregate keeps.
 */
export function sketchQuantile(s: Sketch, q: number, min: number, max: number): number | undefined {
  let total = s.zeros;
  for (const c of s.cnt) total += c;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  if (rank <= s.zeros) return Math.max(min, 0);
  let seen = s.zeros;
  for (let k = 0; k < s.idx.length; k++) {
    seen += s.cnt[k]!;
    if (seen >= rank) {
      const v = (2 * Math.pow(GAMMA, s.idx[k]!)) / (GAMMA + 1);
      return Math.min(max, Math.max(min, v));
    }
  }
  return max;
}
