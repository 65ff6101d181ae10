// One HTTP request to a locally served API, as the request panel describes it: the URL with the
// route's {params} filled in, the query, headers and body; sending it over node:http from the
// extension host (the panel's page never touches the network); the answer made fit to show (JSON
// pretty-printed, text, an image as a data: URL, other bytes summarised); and the same request as a
// curl command line. Pure: no vscode import.
import * as http from 'node:http';

export interface ApiRequestDraft {
  method: string;
  /** The route's path as API Gateway writes it (/pets/{id}, /{proxy+}), or a concrete path. */
  path: string;
  /** Values of the path's {params}. */
  params: Record<string, string>;
  query: [string, string][];
  headers: [string, string][];
  body: string;
}

export interface ApiResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  durationMs: number;
  body: Buffer;
}

export type BodyView =
  | { kind: 'empty' }
  | { kind: 'json' | 'text'; text: string; bytes: number; truncated: boolean }
  | { kind: 'image'; dataUrl: string; contentType: string; bytes: number }
  | { kind: 'binary'; contentType: string; bytes: number; preview: string };

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const MAX_TEXT = 512 * 1024;
const MAX_IMAGE = 4 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

/** The names of a path's {params}, in order ({proxy+} gives `proxy`). */
export function pathParams(routePath: string): string[] {
  return [...routePath.matchAll(/\{([^}]+?)\+?\}/g)].map((m) => m[1]);
}

/** The concrete path: each {param} replaced by its value (a greedy {x+} keeps its slashes). `$default` becomes `/`. */
export function fillPath(routePath: string, params: Record<string, string>): string {
  if (routePath === '$default') return '/';
  return routePath.replace(/\{([^}]+?)(\+?)\}/g, (_m, name: string, greedy: string) => {
    const v = params[name] ?? '';
    return greedy ? v.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(v);
  });
}

/** The full URL of a draft against an API's endpoint (http://127.0.0.1:3000). */
export function requestUrl(endpoint: string, d: ApiRequestDraft): string {
  const url = new URL(fillPath(d.path, d.params).replace(/^\/*/, '/'), endpoint.replace(/\/+$/, '') + '/');
  // Percent-encoding (a space is %20, not +): API Gateway hands a + to the function as it is.
  const query = d.query.filter(([k]) => k).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return `${url.origin}${url.pathname}${query.length ? `?${query.join('&')}` : ''}`;
}

function hasBody(d: ApiRequestDraft): boolean {
  return d.body.length > 0 && d.method !== 'GET' && d.method !== 'HEAD';
}

/** The headers sent: the rows (empty names left out), plus a JSON content type when a body has none. */
export function requestHeaders(d: ApiRequestDraft): [string, string][] {
  const out = d.headers.filter(([k]) => k.trim()).map(([k, v]): [string, string] => [k.trim(), v]);
  if (hasBody(d) && !out.some(([k]) => k.toLowerCase() === 'content-type')) out.push(['content-type', 'application/json']);
  return out;
}

/** A POSIX shell word. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The draft as a curl command line (one line per option, for pasting into a terminal). */
export function curlCommand(endpoint: string, d: ApiRequestDraft): string {
  const parts = ['curl', '-i'];
  if (d.method === 'HEAD') parts.push('-I');
  else if (d.method !== 'GET' || hasBody(d)) parts.push('-X', d.method);
  parts.push(shellQuote(requestUrl(endpoint, d)));
  for (const [k, v] of requestHeaders(d)) parts.push('-H', shellQuote(`${k}: ${v}`));
  if (hasBody(d)) parts.push('--data-raw', shellQuote(d.body));
  return parts.join(' ');
}

/** Sends the draft; resolves with the answer whatever its status (a network failure rejects). */
export function sendApiRequest(endpoint: string, d: ApiRequestDraft, signal?: AbortSignal): Promise<ApiResponse> {
  const url = new URL(requestUrl(endpoint, d));
  if (url.protocol !== 'http:') return Promise.reject(new Error(`Only http: endpoints are served locally (got ${url.protocol}).`));
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of requestHeaders(d)) {
    const prev = headers[k];
    headers[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const body = hasBody(d) ? Buffer.from(d.body, 'utf8') : undefined;
  const started = performance.now();
  return new Promise<ApiResponse>((resolve, reject) => {
    const req = http.request(
      // A fresh connection per request: the time shown is the whole request, and a stopped API is seen at once.
      { method: d.method, host: url.hostname, port: url.port || 80, path: `${url.pathname}${url.search}`, headers, signal, timeout: TIMEOUT_MS, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = res.rawHeaders;
          const pairs: [string, string][] = [];
          for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: pairs,
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`No answer from ${url.origin} within ${TIMEOUT_MS / 1000} s.`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') reject(new Error(`Nothing listens at ${url.origin} any more: the local API was stopped. Start it again.`));
      else reject(err);
    });
    req.end(body);
  });
}

function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** How the panel shows a body: JSON pretty-printed, text, an image, or a note about other bytes. */
export function bodyView(res: Pick<ApiResponse, 'headers' | 'body'>): BodyView {
  const bytes = res.body.length;
  if (bytes === 0) return { kind: 'empty' };
  const contentType = (header(res.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (/^image\/(png|jpe?g|gif|webp|bmp|x-icon|vnd\.microsoft\.icon|avif)$/.test(contentType) && bytes <= MAX_IMAGE) {
    return { kind: 'image', contentType, bytes, dataUrl: `data:${contentType};base64,${res.body.toString('base64')}` };
  }
  const textual = !contentType || /^text\/|json|xml|javascript|x-www-form-urlencoded|yaml|csv/.test(contentType);
  if (!textual || looksBinary(res.body)) {
    return {
      kind: 'binary',
      contentType: contentType || 'application/octet-stream',
      bytes,
      preview: res.body.subarray(0, 48).toString('hex').replace(/(..)/g, '$1 ').trim(),
    };
  }
  const text = res.body.toString('utf8');
  if (/json/.test(contentType) || (!contentType && /^\s*[[{]/.test(text))) {
    try {
      const pretty = JSON.stringify(JSON.parse(text), null, 2);
      return { kind: 'json', text: pretty.slice(0, MAX_TEXT), bytes, truncated: pretty.length > MAX_TEXT };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { kind: 'text', text: text.slice(0, MAX_TEXT), bytes, truncated: text.length > MAX_TEXT };
}

function looksBinary(b: Buffer): boolean {
  const head = b.subarray(0, 1024);
  return head.includes(0);
}
