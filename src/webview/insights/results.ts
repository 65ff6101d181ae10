// The results' pure side: sorting by a column (numbers as numbers, times as times), copying as CSV
// (RFC 4180) and as JSON, and a message's JSON pretty-printed for an expanded row. No DOM.

export type Row = Record<string, string>;
export type SortDir = 'asc' | 'desc';

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A sorted copy; empty values last either way; numbers compare as numbers when both are numbers. */
export function sortRows(rows: readonly Row[], field: string, dir: SortDir): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r[field];
      const y = b.r[field];
      const ex = x === undefined || x === '';
      const ey = y === undefined || y === '';
      if (ex || ey) return ex === ey ? a.i - b.i : ex ? 1 : -1;
      const c = NUMBER.test(x.trim()) && NUMBER.test(y.trim()) ? Number(x) - Number(y) : x.localeCompare(y);
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((e) => e.r);
}

/** CSV with a header line; fields with a comma, quote or line break are quoted, quotes doubled. */
export function toCsv(fields: readonly string[], rows: readonly Row[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [fields.map(cell).join(','), ...rows.map((r) => fields.map((f) => cell(r[f] ?? '')).join(','))].join('\r\n') + '\r\n';
}

/** JSON: an array of objects with the fields in column order (a field a row lacks is left out). */
export function toJson(fields: readonly string[], rows: readonly Row[]): string {
  const out = rows.map((r) => {
    const o: Row = {};
    for (const f of fields) if (r[f] !== undefined) o[f] = r[f];
    return o;
  });
  return JSON.stringify(out, null, 2);
}

/**
 * A log message with its JSON pretty-printed: the whole message, or the JSON object that ends a
 * Lambda line (`2024-01-01T00:00:00Z\tREQUEST_ID\tINFO\t{...}`); undefined when there is none.
 */
export function prettyJson(message: string): string | undefined {
  const t = message.trim();
  const start = t.indexOf('{');
  if (start < 0 || !t.endsWith('}')) return undefined;
  for (const from of start === 0 ? [0] : [start, 0]) {
    try {
      const v: unknown = JSON.parse(t.slice(from));
      if (v && typeof v === 'object') return (from > 0 ? t.slice(0, from).trimEnd() + '\n' : '') + JSON.stringify(v, null, 2);
    } catch {
      // Not JSON from here.
    }
  }
  return undefined;
}
