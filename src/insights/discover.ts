// Fields CloudWatch discovers in a log event: the Lambda platform lines' fields (@type,
// @requestId, and on REPORT lines @duration, @billedDuration, @memorySize and @maxMemoryUsed in
// bytes, @initDuration, @xrayTraceId) and the fields of a JSON line (nested ones as `a.b`, list
// items as `a.0`). Both are read only when a query names such a field, and once per event.
import type { Value } from './values';

export type Fields = Record<string, Value>;

const MB = 1_000_000;

const REPORT_KEYS: Record<string, [string, number]> = {
  Duration: ['@duration', 1],
  'Billed Duration': ['@billedDuration', 1],
  'Memory Size': ['@memorySize', MB],
  'Max Memory Used': ['@maxMemoryUsed', MB],
  'Init Duration': ['@initDuration', 1],
};

/** START, END or REPORT for Lambda's platform lines, without reading the rest of the line. */
export function lambdaType(message: string): string | undefined {
  const c = message.charCodeAt(0);
  if (c === 83) return message.startsWith('START RequestId: ') ? 'START' : undefined;
  if (c === 69) return message.startsWith('END RequestId: ') ? 'END' : undefined;
  if (c === 82) return message.startsWith('REPORT RequestId: ') ? 'REPORT' : undefined;
  return undefined;
}

const REPORT_FIELD_KEYS: Record<string, [string, number]> = Object.fromEntries(Object.entries(REPORT_KEYS).map(([k, [f, scale]]) => [f, [`\t${k}: `, scale]]));

/**
 * One Lambda field of a line, read in place (no object per line): the scan's getter for @type,
 * @requestId, @duration, ... Same values as lambdaFields().
 */
export function lambdaField(message: string, field: string): Value {
  const type = lambdaType(message);
  if (type === undefined) return undefined;
  if (field === '@type') return type;
  if (field === '@requestId') {
    const start = type.length + 12;
    let end = start;
    while (end < message.length && message.charCodeAt(end) > 32) end++;
    return message.slice(start, end);
  }
  if (type !== 'REPORT') return undefined;
  const k = REPORT_FIELD_KEYS[field];
  if (k) {
    const at = message.indexOf(k[0]);
    if (at < 0) return undefined;
    const n = parseFloat(message.substring(at + k[0].length, at + k[0].length + 24));
    return Number.isNaN(n) ? undefined : n * k[1];
  }
  return lambdaFields(message)?.[field];
}

/** The Lambda fields of a platform line (START, END, REPORT), or undefined for any other line. */
export function lambdaFields(message: string): Fields | undefined {
  const c = message.charCodeAt(0);
  // S(TART), E(ND), R(EPORT): anything else is the function's own output.
  let type: string;
  if (c === 83 && message.startsWith('START RequestId: ')) type = 'START';
  else if (c === 69 && message.startsWith('END RequestId: ')) type = 'END';
  else if (c === 82 && message.startsWith('REPORT RequestId: ')) type = 'REPORT';
  else return undefined;
  const idStart = type.length + 12;
  let idEnd = idStart;
  while (idEnd < message.length && message.charCodeAt(idEnd) > 32) idEnd++;
  const out: Fields = { '@type': type, '@requestId': message.slice(idStart, idEnd) };
  if (type !== 'REPORT') return out;
  // REPORT RequestId: id\tDuration: 1.5 ms\tBilled Duration: 2 ms\t...\nXRAY TraceId: t\tSegmentId: s\tSampled: true
  for (const part of message.slice(idEnd).split(/[\t\n]/)) {
    const colon = part.indexOf(': ');
    if (colon < 0) continue;
    const key = part.slice(0, colon).trim();
    const value = part.slice(colon + 2);
    const known = REPORT_KEYS[key];
    if (known) {
      const n = parseFloat(value);
      if (!Number.isNaN(n)) out[known[0]] = n * known[1];
    } else if (key === 'XRAY TraceId') out['@xrayTraceId'] = value.trim();
    else if (key === 'SegmentId') out['@xraySegmentId'] = value.trim();
  }
  return out;
}

/** The request id of a function's own line in Lambda's text format (`time\tid\tLEVEL\tmessage`). */
export function textRequestId(message: string): string | undefined {
  const m = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([0-9a-f-]{36})\t/.exec(message);
  return m?.[1];
}

/**
 * The JSON object of a line, parsed: the whole line, or (as CloudWatch does for Lambda's
 * `time\tid\tLEVEL\t{...}` lines) the first embedded JSON fragment; undefined when there is none.
 */
export function jsonObject(message: string): Record<string, unknown> | undefined {
  const at = message.indexOf('{');
  if (at < 0) return undefined;
  const whole = parseObject(at === 0 ? message : message.slice(at));
  if (whole || at === 0) return whole ?? fragment(message, at);
  return fragment(message, at);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The balanced {...} starting at `at` (strings and escapes respected), parsed. */
function fragment(message: string, at: number): Record<string, unknown> | undefined {
  let depth = 0;
  let inString = false;
  for (let i = at; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return parseObject(message.slice(at, i + 1));
  }
  return undefined;
}

/** Reads a field of a parsed JSON line by its flattened name (`a.b`, `list.0`); objects and lists are not values. */
export function jsonPath(name: string): (o: Record<string, unknown>) => Value {
  const parts = name.split('.');
  const leaf = (x: unknown): Value =>
    x === null || x === undefined || typeof x === 'object' ? undefined : typeof x === 'number' || typeof x === 'boolean' ? x : String(x);
  if (parts.length === 1) return (o) => leaf(o[name]);
  return (o) => {
    if (name in o) return leaf(o[name]);
    let x: unknown = o;
    for (const p of parts) {
      if (x === null || typeof x !== 'object') return undefined;
      x = (x as Record<string, unknown>)[p];
    }
    return leaf(x);
  };
}

/** The fields of a line's JSON object (jsonObject), flattened with dots; undefined when it has none. */
export function jsonFields(message: string): Fields | undefined {
  const v = jsonObject(message);
  if (!v) return undefined;
  const out: Fields = {};
  flatten(v, '', out, 0);
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
