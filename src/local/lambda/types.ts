// The request/reply shapes the Lambda routes work with (the HTTP front does the wire work).
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { ServiceError } from '../seams';

export interface Req {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
  /** Calls `cb` if the caller disconnects before it is answered (registered only where it matters). */
  onCallerGone?: (cb: () => void) => void;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A raw body (Invoke payloads, code downloads) instead of JSON. */
  raw?: Buffer | Readable;
  headers?: Record<string, string>;
}

/** Each request's body parsed once: the input-shape check and the handler read the same parse. */
const parsedBodies = new WeakMap<Req, unknown>();

/** The body as JSON, parsed once per request; a member given as null is absent, as Lambda reads it. */
export function parsedBody(req: Req): unknown {
  if (parsedBodies.has(req)) return parsedBodies.get(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'), function (this: unknown, _key: string, value: unknown) {
      return value === null && !Array.isArray(this) ? undefined : value;
    });
  } catch (err) {
    throw new ServiceError(400, 'SerializationException', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  parsedBodies.set(req, parsed);
  return parsed;
}

export function jsonBody<T extends object>(req: Req): Partial<T> {
  if (req.body.length === 0) return {};
  const parsed = parsedBody(req);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ServiceError(400, 'SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Partial<T>;
}

export function queryString(req: Req, name: string): string | undefined {
  const v = req.query[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function queryList(req: Req, name: string): string[] {
  const v = req.query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** MaxItems as Lambda validates it: an integer from 1 to `max` (the page size is capped at `cap`). */
export function maxItems(req: Req, cap: number, max = 10000): number {
  const raw = queryString(req, 'MaxItems');
  if (raw === undefined) return cap;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ServiceError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  }
  return Math.min(n, cap);
}

/** The given fields of a request body that are set (the rest of the body is ignored). */
export function pick(input: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (input[f] !== undefined) out[f] = input[f];
  return out;
}
