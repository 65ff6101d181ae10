// The function-URL prelude of a streamed response (awslambda.HttpResponseStream.from): JSON metadata
// (statusCode, headers, cookies), then 8 zero bytes, then the body. A stream that does not start with
// one is all body, sent as 200 with Lambda's default stream type.
import type { HeaderList } from './cors';

export interface Prelude {
  statusCode: number;
  headers: HeaderList;
}

/** How much is held back looking for the end of a prelude before the stream counts as plain body. */
const MAX_PRELUDE_BYTES = 64 * 1024;
const DELIMITER = Buffer.alloc(8);
const DEFAULT_TYPE = 'application/octet-stream';

export function preludeOf(json: unknown): Prelude | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  const code = o['statusCode'] === undefined ? 200 : Number(o['statusCode']);
  if (!Number.isInteger(code) || code < 100 || code > 599) return undefined;
  const headers: HeaderList = [];
  if (typeof o['headers'] === 'object' && o['headers'] !== null) {
    for (const [k, v] of Object.entries(o['headers'] as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') headers.push([k, String(v)]);
    }
  }
  if (Array.isArray(o['cookies'])) for (const c of o['cookies']) if (typeof c === 'string') headers.push(['Set-Cookie', c]);
  if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', DEFAULT_TYPE]);
  return { statusCode: code, headers };
}

/** Fed the stream's chunks in order: hands back the prelude once (when known) and the body bytes so far. */
export class PreludeParser {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private decided = false;

  push(chunk: Buffer): { prelude?: Prelude; body: Buffer } {
    if (this.decided) return { body: chunk };
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    const all = Buffer.concat(this.held, this.heldBytes);
    const first = all.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first >= 0 && all[first] !== 0x7b) return this.plain(all);
    const end = all.indexOf(DELIMITER);
    if (end < 0) return this.heldBytes > MAX_PRELUDE_BYTES ? this.plain(all) : { body: Buffer.alloc(0) };
    let prelude: Prelude | undefined;
    try {
      prelude = preludeOf(JSON.parse(all.subarray(0, end).toString('utf8')));
    } catch {
      prelude = undefined;
    }
    if (!prelude) return this.plain(all);
    this.decided = true;
    this.held = [];
    return { prelude, body: all.subarray(end + DELIMITER.length) };
  }

  /** The stream ended: what was held back (no prelude found) is body. Undefined prelude when nothing came. */
  end(): { prelude?: Prelude; body: Buffer } {
    if (this.decided) return { body: Buffer.alloc(0) };
    if (this.heldBytes === 0) return { body: Buffer.alloc(0) };
    return this.plain(Buffer.concat(this.held, this.heldBytes));
  }

  private plain(all: Buffer): { prelude: Prelude; body: Buffer } {
    this.decided = true;
    this.held = [];
    return { prelude: { statusCode: 200, headers: [['Content-Type', DEFAULT_TYPE]] }, body: all };
  }
}
