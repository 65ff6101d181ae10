// Fields CloudWatch discovers in a log event: the Lambda platform lines' fields (@type,
// @requestId, and on REPORT lines @duration, @billedDuration, @memorySize and @maxMemoryUsed in
// bytes, @initDuration, @xrayTraceId) and the fields of a JSON line (nested ones as `a.b`, list
// items as `a.0`). Both are read only when a query names such a field, and once per event.
import type { Value } from './values';

export type Fields = Record<string, Value>;

const MB = 1_000_000;

const REPORT_PARTS: [RegExp, string, number][] = [
  [/\tDuration: ([\d.]+) ms/, '@duration', 1],
  [/\tBilled Duration: ([\d.]+) ms/, '@billedDuration', 1],
  [/\tMemory Size: ([\d.]+) MB/, '@memorySize', MB],
  [/\tMax Memory Used: ([\d.]+) MB/, '@maxMemoryUsed', MB],
  [/\tInit Duration: ([\d.]+) ms/, '@initDuration', 1],
];

/** The Lambda fields of a platform line (START, END, REPORT), or undefined for any other line. */
export function lambdaFields(message: string): Fields | undefined {
  const c = message.charCodeAt(0);
  // S(TART), E(ND), R(EPORT): anything else is the function's own output.
  if (c !== 83 && c !== 69 && c !== 82) return undefined;
  const m = /^(START|END|REPORT) RequestId: ([0-9A-Za-z-]+)/.exec(message);
  if (!m) return undefined;
  const out: Fields = { '@type': m[1], '@requestId': m[2] };
  if (m[1] !== 'REPORT') return out;
  for (const [re, name, scale] of REPORT_PARTS) {
    const r = re.exec(message);
    if (r) out[name] = Number(r[1]) * scale;
  }
  const trace = /XRAY TraceId: ([^\s]+)/.exec(message);
  if (trace) out['@xrayTraceId'] = trace[1];
  const seg = /SegmentId: ([^\s]+)/.exec(message);
  if (seg) out['@xraySegmentId'] = seg[1];
  return out;
}

/** The request id of a function's own line in Lambda's text format (`time\tid\tLEVEL\tmessage`). */
export function textRequestId(message: string): string | undefined {
  const m = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([0-9a-f-]{36})\t/.exec(message);
  return m?.[1];
}

/** The fields of a JSON object line, flattened with dots; undefined when the line is not one. */
export function jsonFields(message: string): Fields | undefined {
  let i = 0;
  while (i < message.length && (message.charCodeAt(i) === 32 || message.charCodeAt(i) === 9)) i++;
  if (message.charCodeAt(i) !== 123) return undefined; // {
  let v: unknown;
  try {
    v = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Fields = {};
  flatten(v as Record<string, unknown>, '', out, 0);
  return out;
}

function flatten(v: Record<string, unknown> | unknown[], prefix: string, out: Fields, depth: number): void {
  const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
  for (const [k, x] of entries) {
    const name = prefix + k;
    if (x === null || x === undefined) continue;
    if (typeof x === 'object') {
      if (depth < 16) flatten(x as Record<string, unknown>, name + '.', out, depth + 1);
      continue;
    }
    out[name] = typeof x === 'number' || typeof x === 'boolean' ? x : String(x);
  }
}
