// Text helpers of the log page: times, durations, a line's body as shown unfolded, and JSON tokens
// for highlighting. Pure functions: no DOM here.
import type { PanelLine } from '../../logs/model';

export function time(ts: number): string {
  const d = new Date(ts);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms} ms`;
}

/** A time as a datetime-local input's value (local time, to the second). */
export function toLocalInput(ts: number): string {
  const d = new Date(ts - new Date(ts).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

export function fromLocalInput(v: string): number | undefined {
  if (!v) return undefined;
  const t = new Date(v).getTime();
  return Number.isFinite(t) ? t : undefined;
}

const bodyCache = new WeakMap<PanelLine, string[]>();

/** The lines a line shows unfolded: JSON pretty-printed, other text line by line. */
export function bodyLines(line: PanelLine): string[] {
  let body = bodyCache.get(line);
  if (!body) {
    const text =
      line.json !== undefined && line.text.trimStart().startsWith('{')
        ? JSON.stringify(line.json, null, 2)
        : line.json !== undefined
          ? jsonTail(line.text, line.json)
          : line.text;
    body = text.split('\n');
    bodyCache.set(line, body);
  }
  return body;
}

/** A runtime-prefixed line with a JSON body: the prefix stays on the first line, the body pretty-printed. */
function jsonTail(text: string, json: unknown): string {
  const brace = text.indexOf('{');
  return brace > 0 ? text.slice(0, brace) + JSON.stringify(json, null, 2) : JSON.stringify(json, null, 2);
}

/** The line closing the block opened at `open`: the next line at the same indentation. */
export function closingLine(body: string[], open: number): number {
  const indent = body[open].length - body[open].trimStart().length;
  for (let j = open + 1; j < body.length; j++) {
    const t = body[j];
    if (t.length - t.trimStart().length === indent && /^\s*[\]}]/.test(t)) return j;
  }
  return body.length - 1;
}

export type JsonClass = 'j-key' | 'j-str' | 'j-lit' | 'j-num';
export interface JsonToken {
  text: string;
  cls?: JsonClass;
}

const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** One line of pretty-printed JSON as tokens: keys, strings, literals, numbers, and the text between. */
export function jsonTokens(text: string): JsonToken[] {
  const out: JsonToken[] = [];
  let at = 0;
  for (const m of text.matchAll(JSON_TOKEN)) {
    const index = m.index ?? 0;
    if (index > at) out.push({ text: text.slice(at, index) });
    const [whole, str, colon, lit, num] = m;
    if (str && colon) out.push({ text: str, cls: 'j-key' }, { text: colon });
    else if (str) out.push({ text: str, cls: 'j-str' });
    else if (lit) out.push({ text: lit, cls: 'j-lit' });
    else if (num) out.push({ text: num, cls: 'j-num' });
    else out.push({ text: whole });
    at = index + whole.length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
