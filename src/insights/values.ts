// Values inside a Logs Insights query, and how they compare, convert and print. A value is a
// string, a number, a boolean or absent (undefined: the field is not in the event); timestamps are
// milliseconds, printed the way CloudWatch prints them ("2024-05-01 12:00:00.000", UTC).

export type Value = string | number | boolean | undefined;

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The value as a number, or undefined when it is not one. */
export function toNum(v: Value): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'string') return NUMERIC.test(v) ? Number(v) : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

export function toStr(v: Value): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return formatValue(v);
}

export function truthy(v: Value): boolean {
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0;
  return false;
}

/** Compares two present values: numerically when both read as numbers, else as strings. */
export function compare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = toNum(a);
  const y = toNum(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = toStr(a) ?? '';
  const t = toStr(b) ?? '';
  return s < t ? -1 : s > t ? 1 : 0;
}

export function equals(a: Value, b: Value): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return compare(a, b) === 0;
}

/** Sort order for results: absent values last whichever the direction. */
export function sortCompare(a: Value, b: Value, desc: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c = compare(a, b);
  return desc ? -c : c;
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n)) return String(n);
  // Print what the arithmetic meant, not its binary noise (0.1 + 0.2 -> 0.3).
  return String(Number(n.toPrecision(15)));
}

export function formatValue(v: Value): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v ?? '';
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Milliseconds since the epoch as CloudWatch prints @timestamp: `YYYY-MM-DD HH:mm:ss.SSS` in UTC. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** Reads a timestamp: milliseconds, or a date string (ISO 8601, or CloudWatch's own printed form). */
export function toTime(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const n = toNum(v);
  if (n !== undefined) return n;
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(v) ? v.replace(' ', 'T') + 'Z' : v;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}
