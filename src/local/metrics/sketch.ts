// A relative-error quantile sketch (the DDSketch idea: logarithmic buckets, so any quantile is within
// 1% of the true value) for rolled-up metric points, whose raw values are no longer kept. Buckets are a
// plain index → count record so a rollup file stores them as JSON as they are.

/** Relative accuracy of a quantile read from a sketch. */
export const SKETCH_ACCURACY = 0.01;
const GAMMA = (1 + SKETCH_ACCURACY) / (1 - SKETCH_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this count as zero (Lambda's metrics are never negative). */
const MIN_POSITIVE = 1e-9;

export interface Sketch {
  /** Values ≤ 0 (Errors = 0, Throttles = 0). */
  zeros: number;
  /** Bucket index → count; bucket i holds values in (γ^(i-1), γ^i]. */
  bins: Record<string, number>;
}

export function emptySketch(): Sketch {
  return { zeros: 0, bins: {} };
}

export function sketchAdd(s: Sketch, value: number, count = 1): void {
  if (!(value > MIN_POSITIVE)) {
    s.zeros += count;
    return;
  }
  const i = Math.ceil(Math.log(value) / LOG_GAMMA);
  s.bins[i] = (s.bins[i] ?? 0) + count;
}

export function sketchMerge(into: Sketch, from: Sketch): void {
  into.zeros += from.zeros;
  for (const [i, n] of Object.entries(from.bins)) into.bins[i] = (into.bins[i] ?? 0) + n;
}

/**
 * The value at rank ceil(q·n) (nearest rank, as for raw values), read as its bucket's midpoint in
 * relative terms, clamped to the exact min/max the aggregate keeps.
 */
export function sketchQuantile(s: Sketch, q: number, min: number, max: number): number | undefined {
  const total = s.zeros + Object.values(s.bins).reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  if (rank <= s.zeros) return Math.max(min, 0);
  let seen = s.zeros;
  const indexes = Object.keys(s.bins)
    .map(Number)
    .sort((a, b) => a - b);
  for (const i of indexes) {
    seen += s.bins[i]!;
    if (seen >= rank) {
      const v = (2 * Math.pow(GAMMA, i)) / (GAMMA + 1);
      return Math.min(max, Math.max(min, v));
    }
  }
  return max;
}
