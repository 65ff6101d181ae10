// Fills the `{{name}}` placeholders of a sample event: account, region, bucket, key, ids and
// timestamps, so a sample is ready to send and looks like what the service really delivers.
// A string that is exactly `{{name:number}}` becomes a JSON number (timestamps the services send as numbers).
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface PlaceholderValues {
  region: string;
  account: string;
  bucket: string;
  key: string;
  queue: string;
  topic: string;
  table: string;
  stream: string;
  apiId: string;
  urlId: string;
  /** The moment the event claims to be from (default: now). */
  now: Date;
}

const DEFAULT_PLACEHOLDERS: Omit<PlaceholderValues, 'now'> = {
  region: 'us-east-1',
  account: '123456789012',
  bucket: 'example-bucket',
  key: 'test/key.json',
  queue: 'example-queue',
  topic: 'example-topic',
  table: 'ExampleTable',
  stream: 'example-stream',
  apiId: '1234567890',
  urlId: 'abcdefghijklmnopqrstuvwxyz012345',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** API Gateway's request time format: 25/Nov/2026:02:31:38 +0000. */
function clfTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** What a CloudWatch Logs subscription delivers: gzip'd JSON, base64. */
function awslogsData(v: PlaceholderValues): string {
  const t = v.now.getTime();
  const doc = {
    messageType: 'DATA_MESSAGE',
    owner: v.account,
    logGroup: '/aws/lambda/example-function',
    logStream: `${v.now.toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]0123456789abcdef0123456789abcdef`,
    subscriptionFilters: ['example-filter'],
    logEvents: [
      { id: `${t}0000000000000000000000000000000000000000`.slice(0, 56), timestamp: t - 1000, message: '[ERROR] First test message' },
      { id: `${t}0000000000000000000000000000000000000001`.slice(0, 56), timestamp: t, message: '[ERROR] Second test message' },
    ],
  };
  return gzipSync(Buffer.from(JSON.stringify(doc))).toString('base64');
}

function valueOf(name: string, v: PlaceholderValues): string | number | undefined {
  const ms = v.now.getTime();
  switch (name) {
    case 'uuid':
      return randomUUID();
    case 'isoTime':
      return v.now.toISOString();
    case 'isoTimeSeconds':
      return v.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'clfTime':
      return clfTime(v.now);
    case 'epochMs':
      return ms;
    case 'epochSeconds':
      return Math.floor(ms / 1000);
    case 'epochSecondsFloat':
      return ms / 1000;
    case 'awslogsData':
      return awslogsData(v);
    default: {
      const own = (v as unknown as Record<string, unknown>)[name];
      return typeof own === 'string' ? own : undefined;
    }
  }
}

const WHOLE_NUMBER = /^\{\{(\w+):number\}\}$/;
const ANY = /\{\{(\w+)\}\}/g;

function fillString(s: string, v: PlaceholderValues): string | number {
  const num = WHOLE_NUMBER.exec(s);
  if (num) {
    const n = Number(valueOf(num[1], v));
    if (!Number.isFinite(n)) throw new Error(`Placeholder {{${num[1]}:number}} has no numeric value.`);
    return n;
  }
  return s.replace(ANY, (whole, name: string) => {
    const value = valueOf(name, v);
    // An unknown placeholder stays as it is, visible to the user, rather than vanishing silently.
    return value === undefined ? whole : String(value);
  });
}

function fill(node: unknown, v: PlaceholderValues): unknown {
  if (typeof node === 'string') return fillString(node, v);
  if (Array.isArray(node)) return node.map((x) => fill(x, v));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(node)) out[k] = fill(x, v);
    return out;
  }
  return node;
}

/** A filled copy of a sample template (the template itself is left unchanged). */
export function fillPlaceholders(template: unknown, values: Partial<PlaceholderValues> = {}): unknown {
  const v: PlaceholderValues = { ...DEFAULT_PLACEHOLDERS, now: new Date(), ...stripUndefined(values) };
  return fill(template, v);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== '')) as Partial<T>;
}

/** Placeholders left in a text (unknown names), so the UI can point them out. */
export function remainingPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(ANY)].map((m) => m[1]))];
}
