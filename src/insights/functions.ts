// The scalar functions of the query language (vocabulary.ts lists them): each takes its evaluated
// arguments and returns a value, absent when an argument it needs is absent.
import { toNum, toStr, toTime, type Value } from './values';

type Fn = (args: Value[], now: number) => Value;

const num1 =
  (f: (x: number) => number): Fn =>
  ([a]) => {
    const x = toNum(a);
    return x === undefined ? undefined : f(x);
  };

const str1 =
  (f: (s: string) => Value): Fn =>
  ([a]) => {
    const s = toStr(a);
    return s === undefined ? undefined : f(s);
  };

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function trimmer(mode: 'l' | 'r' | 'b'): Fn {
  return ([a, chars]) => {
    const s = toStr(a);
    if (s === undefined) return undefined;
    const set = chars === undefined ? '\\s' : escapeRe(toStr(chars) ?? '');
    if (!set) return s;
    let out = s;
    if (mode !== 'r') out = out.replace(new RegExp(`^[${set}]+`), '');
    if (mode !== 'l') out = out.replace(new RegExp(`[${set}]+$`), '');
    return out;
  };
}

function periodMs(v: Value): number | undefined {
  return toNum(v);
}

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function ipv6(s: string): bigint | undefined {
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  let head = groups(halves[0]);
  let tail = halves.length === 2 ? groups(halves[1]) : [];
  const expand = (g: string[]): string[] | undefined => {
    const last = g[g.length - 1];
    if (last?.includes('.')) {
      const v4 = ipv4(last);
      if (v4 === undefined) return undefined;
      return [...g.slice(0, -1), (v4 >>> 16).toString(16), (v4 & 0xffff).toString(16)];
    }
    return g;
  };
  if (halves.length === 2) {
    const t = expand(tail);
    if (!t) return undefined;
    tail = t;
  } else {
    const h = expand(head);
    if (!h) return undefined;
    head = h;
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  let out = 0n;
  for (const g of all) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
    out = (out << 16n) + BigInt(parseInt(g, 16));
  }
  return out;
}

function inSubnet(ip: string, subnet: string, v: 4 | 6 | 0): boolean {
  const [base, bitsText] = subnet.split('/');
  if ((v === 4 || v === 0) && ipv4(ip) !== undefined) {
    const a = ipv4(ip)!;
    const b = ipv4(base);
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (b === undefined || !(bits >= 0 && bits <= 32)) return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (a & mask) >>> 0 === (b & mask) >>> 0;
  }
  if ((v === 6 || v === 0) && ipv6(ip) !== undefined) {
    const a = ipv6(ip)!;
    const b = ipv6(base);
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    if (b === undefined || !(bits >= 0 && bits <= 128)) return false;
    const shift = BigInt(128 - bits);
    return a >> shift === b >> shift;
  }
  return false;
}

export const SCALAR: Record<string, Fn> = {
  abs: num1(Math.abs),
  ceil: num1(Math.ceil),
  floor: num1(Math.floor),
  log: num1(Math.log),
  sqrt: num1(Math.sqrt),
  greatest: (args) => {
    const ns = args.map(toNum).filter((x): x is number => x !== undefined);
    return ns.length ? Math.max(...ns) : undefined;
  },
  least: (args) => {
    const ns = args.map(toNum).filter((x): x is number => x !== undefined);
    return ns.length ? Math.min(...ns) : undefined;
  },
  datefloor: ([t, p]) => {
    const ms = toTime(t);
    const per = periodMs(p);
    return ms === undefined || !per ? undefined : Math.floor(ms / per) * per;
  },
  dateceil: ([t, p]) => {
    const ms = toTime(t);
    const per = periodMs(p);
    return ms === undefined || !per ? undefined : Math.ceil(ms / per) * per;
  },
  fromMillis: ([a]) => toNum(a),
  toMillis: ([a]) => toTime(a),
  now: (_args, now) => Math.floor(now / 1000),
  ispresent: ([a]) => a !== undefined,
  coalesce: (args) => args.find((a) => a !== undefined),
  jsonParse: ([a]) => a,
  jsonStringify: ([a]) => (a === undefined ? undefined : JSON.stringify(a)),
  isValidIp: str1((s) => ipv4(s) !== undefined || ipv6(s) !== undefined),
  isValidIpV4: str1((s) => ipv4(s) !== undefined),
  isValidIpV6: str1((s) => ipv6(s) !== undefined),
  isIpInSubnet: ([a, b]) => (toStr(a) === undefined || toStr(b) === undefined ? false : inSubnet(toStr(a)!, toStr(b)!, 0)),
  isIpv4InSubnet: ([a, b]) => (toStr(a) === undefined || toStr(b) === undefined ? false : inSubnet(toStr(a)!, toStr(b)!, 4)),
  isIpv6InSubnet: ([a, b]) => (toStr(a) === undefined || toStr(b) === undefined ? false : inSubnet(toStr(a)!, toStr(b)!, 6)),
  isempty: ([a]) => a === undefined || toStr(a) === '',
  isblank: ([a]) => a === undefined || (toStr(a) ?? '').trim() === '',
  concat: (args) => args.map((a) => toStr(a) ?? '').join(''),
  ltrim: trimmer('l'),
  rtrim: trimmer('r'),
  trim: trimmer('b'),
  strlen: str1((s) => [...s].length),
  toupper: str1((s) => s.toUpperCase()),
  tolower: str1((s) => s.toLowerCase()),
  substr: ([a, start, len]) => {
    const s = toStr(a);
    const st = toNum(start);
    if (s === undefined || st === undefined) return undefined;
    const cps = [...s];
    const from = Math.max(0, Math.trunc(st));
    const l = len === undefined ? undefined : toNum(len);
    return cps.slice(from, l === undefined ? undefined : from + Math.max(0, Math.trunc(l))).join('');
  },
  replace: ([a, search, repl]) => {
    const s = toStr(a);
    if (s === undefined) return undefined;
    return s.split(toStr(search) ?? '').join(toStr(repl) ?? '');
  },
  strcontains: ([a, b]) => {
    const s = toStr(a);
    const t = toStr(b);
    return s === undefined || t === undefined ? undefined : s.includes(t) ? 1 : 0;
  },
  tonumber: ([a]) => toNum(a),
  tostring: ([a]) => toStr(a),
  totimestamp: ([a]) => toTime(a),
};

/** Functions whose result is a timestamp (printed as a date). */
export const TIME_FUNCTIONS = new Set(['bin', 'datefloor', 'dateceil', 'fromMillis', 'totimestamp']);
