// The fast path's inline values: quoted and plain scalars, and single-line flow collections
// ([a, b], { K: v }). Like the block parser in fastyaml.ts, it throws (bail) on anything it does not
// read exactly as the `yaml` library would, and fastParse() then leaves the text to the library.
import { SHORT_TAGS, type TMap, type TNode, type TPair, type TScalar } from './ast';

class Bail extends Error {}
export const bail = (): never => {
  throw new Bail();
};

/** The long form of a short-form tag (`!Ref x` is `{ Ref: x }`), spanning its argument like the library's. */
export function tagged(tag: string, long: string, inner: TNode): TMap {
  return { kind: 'map', start: inner.start, end: inner.end, pairs: [{ key: long, keyStart: inner.start, keyEnd: inner.start, value: inner }], shortTag: tag };
}

export function findQuoteEnd(t: string, pos: number, end: number): number {
  const q = t[pos];
  for (let k = pos + 1; k < end; k++) {
    const c = t[k];
    if (q === '"' && c === '\\') k++;
    else if (c === q) {
      if (q === "'" && t[k + 1] === "'") k++;
      else return k;
    }
  }
  return -1;
}

export function unquote(s: string): string {
  if (s[0] === "'") return s.slice(1, -1).replace(/''/g, "'");
  if (!s.includes('\\')) return s.slice(1, -1);
  if (/\\[xUN_ LP0abev]/.test(s)) bail(); // YAML-only escapes: let the library handle them
  try {
    return JSON.parse(s.replace(/\\\//g, '/')) as string;
  } catch {
    return bail();
  }
}

export const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
export function plainScalar(raw: string, start: number): TScalar {
  let value: TScalar['value'] = raw;
  if (NULLS.has(raw)) value = null;
  else if (raw === 'true' || raw === 'True' || raw === 'TRUE') value = true;
  else if (raw === 'false' || raw === 'False' || raw === 'FALSE') value = false;
  else if (/^[-+]?[0-9]+$/.test(raw) || /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(raw)) {
    if (/^[-+]?[0-9]+$/.test(raw) && !Number.isSafeInteger(Number(raw))) bail();
    value = Number(raw);
  } else if (/^0[ox]/i.test(raw) || /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(raw)) bail();
  return { kind: 'scalar', start, end: start + raw.length, value, quoted: false };
}

/** Single-line flow collections: [a, b], { K: v }, with quoted and tagged scalars inside. */
export class FlowParser {
  constructor(
    private readonly t: string,
    public pos: number,
    private readonly end: number,
    private readonly base: number,
  ) {}
  skipSpaces(): void {
    while (this.pos < this.end && this.t.charCodeAt(this.pos) === 32) this.pos++;
  }
  value(depth = 0): TNode {
    if (depth > 50) bail();
    this.skipSpaces();
    const c = this.t[this.pos];
    if (c === '[') return this.seq(depth);
    if (c === '{') return this.map(depth);
    if (c === '!') {
      let p = this.pos + 1;
      while (p < this.end && !/[\s,\]}]/.test(this.t[p])) p++;
      const tag = this.t.slice(this.pos, p);
      const long = SHORT_TAGS[tag];
      if (!long) bail();
      this.pos = p;
      this.skipSpaces();
      const inner = this.value(depth + 1);
      return tagged(tag, long!, inner);
    }
    if (c === '"' || c === "'") {
      const close = findQuoteEnd(this.t, this.pos, this.end);
      if (close < 0) bail();
      const start = this.pos;
      this.pos = close + 1;
      return { kind: 'scalar', start: this.base + start, end: this.base + close + 1, value: unquote(this.t.slice(start, close + 1)), quoted: true };
    }
    if (c === '&' || c === '*' || c === '?' || c === '|' || c === '>' || c === '#' || c === undefined) bail();
    const start = this.pos;
    while (this.pos < this.end) {
      const ch = this.t[this.pos];
      if (ch === ',' || ch === ']' || ch === '}') break;
      if (ch === ':' && (this.pos + 1 >= this.end || /[\s,\]}]/.test(this.t[this.pos + 1]))) break;
      if (ch === '[' || ch === '{' || ch === '#') bail();
      this.pos++;
    }
    let e = this.pos;
    while (e > start && this.t.charCodeAt(e - 1) === 32) e--;
    if (e === start) bail();
    return plainScalar(this.t.slice(start, e), this.base + start);
  }
  private seq(depth: number): TNode {
    const start = this.pos++;
    const items: TNode[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.t[this.pos] === ']') break;
      items.push(this.value(depth + 1));
      this.skipSpaces();
      if (this.t[this.pos] === ':') bail(); // implicit pair in a flow sequence
      if (this.t[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.t[this.pos] === ']') break;
      bail();
    }
    this.pos++;
    return { kind: 'seq', start: this.base + start, end: this.base + this.pos, items };
  }
  private map(depth: number): TNode {
    const start = this.pos++;
    const pairs: TPair[] = [];
    const seen = new Set<string>();
    for (;;) {
      this.skipSpaces();
      if (this.t[this.pos] === '}') break;
      const k = this.value(depth + 1);
      if (k.kind !== 'scalar' || (k as TScalar).value === null || (k as TScalar).quoted === undefined) bail();
      const key = String((k as TScalar).value);
      if (seen.has(key)) bail();
      seen.add(key);
      this.skipSpaces();
      if (this.t[this.pos] !== ':') bail();
      this.pos++;
      this.skipSpaces();
      if (this.t[this.pos] === ',' || this.t[this.pos] === '}') bail();
      const value: TNode = this.value(depth + 1);
      pairs.push({ key, keyStart: k.start, keyEnd: k.end, value });
      this.skipSpaces();
      if (this.t[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.t[this.pos] === '}') break;
      bail();
    }
    this.pos++;
    return { kind: 'map', start: this.base + start, end: this.base + this.pos, pairs };
  }
}
