// The request panel's protocol, shared by the host (src/vscode/localApi/) and the page (this folder):
// the panel's state (the API, its routes, the draft to load, the last answer, the history), the
// page's actions, a guard for each direction, and the ids of the page's elements. The page never
// talks to the network: it sends a draft, the extension host performs the request.
import type { ApiRequestDraft, BodyView } from '../../lambda/apiRequest';
import { isFiniteNumber, isRecord, isText, oneOf, optional } from '../lib/guards';

export type { ApiRequestDraft, BodyView } from '../../lambda/apiRequest';

/** The ids of the page's elements (the e2e tests find them too); media/request.css styles some. */
export const REQUEST_IDS = {
  root: 'root',
  title: 'title',
  route: 'route',
  method: 'method',
  path: 'path',
  params: 'params',
  query: 'query',
  addQuery: 'addQuery',
  headers: 'headers',
  addHeader: 'addHeader',
  body: 'body',
  send: 'send',
  curl: 'curl',
  browser: 'browser',
  tailLogs: 'tailLogs',
  url: 'url',
  problem: 'problem',
  status: 'status',
  responseHeaders: 'responseHeaders',
  responseBody: 'responseBody',
  history: 'history',
} as const;

export const DRAFT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const LIMITS = { path: 2048, rows: 100, name: 256, value: 8192, body: 1024 * 1024, params: 50 };
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface RouteView {
  method: string;
  path: string;
  /** Logical id of the function behind the route. */
  function: string;
  api: string;
  type: 'REST' | 'HTTP';
}

export interface ResponseView {
  method: string;
  url: string;
  status: number;
  statusText: string;
  durationMs: number;
  headers: [string, string][];
  body: BodyView;
}

export interface HistoryItem {
  id: string;
  at: number;
  method: string;
  /** The concrete path and query sent. */
  target: string;
  status?: number;
  durationMs?: number;
  failed?: boolean;
}

export interface RequestPanelState {
  title: string;
  endpoint: string;
  /** False once the API was stopped: Send is refused until it runs again. */
  running: boolean;
  sending: boolean;
  routes: RouteView[];
  /** A draft the page loads into its form when `draftSeq` is new (a route or history entry was picked). */
  draft?: ApiRequestDraft;
  draftSeq: number;
  response?: ResponseView;
  /** A failure before an answer (nothing listens, timeout). */
  failure?: string;
  history: HistoryItem[];
}

/** Host -> page. */
export type HostMessage = { type: 'state'; state: RequestPanelState };

/** Page -> host. */
export type PageMessage =
  | { type: 'ready' }
  | { type: 'send' | 'copyCurl' | 'openBrowser'; draft: ApiRequestDraft }
  | { type: 'resend'; id: string }
  | { type: 'tailLogs'; function: string };

const isString = (v: unknown): v is string => typeof v === 'string';
const isMethod = (v: unknown): v is string => typeof v === 'string' && /^[A-Z]{3,7}$/.test(v);

function isPairs(v: unknown, maxValue: number): v is [string, string][] {
  return (
    Array.isArray(v) && v.length <= LIMITS.rows && v.every((p) => Array.isArray(p) && p.length === 2 && isText(p[0], LIMITS.name) && isText(p[1], maxValue))
  );
}

export function isDraft(v: unknown): v is ApiRequestDraft {
  return (
    isRecord(v) &&
    isMethod(v.method) &&
    isText(v.path, LIMITS.path) &&
    isRecord(v.params) &&
    Object.keys(v.params).length <= LIMITS.params &&
    Object.values(v.params).every((p) => isText(p, LIMITS.value)) &&
    isPairs(v.query, LIMITS.value) &&
    isPairs(v.headers, LIMITS.value) &&
    isText(v.body, LIMITS.body)
  );
}

/** What is wrong with a well-formed draft before it can be sent (the page shows it; the host refuses it). */
export function draftProblem(d: ApiRequestDraft): string | undefined {
  if (!d.path.startsWith('/') && d.path !== '$default') return 'The path must start with "/".';
  if (/\s/.test(d.path)) return 'The path must not contain spaces (write %20).';
  for (const name of d.path.match(/\{([^}]+?)\+?\}/g) ?? []) {
    const key = name.slice(1, -1).replace(/\+$/, '');
    if (!d.params[key]) return `Fill in the path parameter ${key}.`;
  }
  for (const [k, v] of d.headers) {
    if (!k.trim()) continue;
    if (!HEADER_NAME.test(k.trim())) return `"${k}" is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only).`;
    if (/[\r\n]/.test(v)) return `The value of header ${k} must be one line.`;
  }
  return undefined;
}

/** Only the known message shapes pass; anything else from the page is ignored. */
export function parsePageMessage(m: unknown): PageMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'send':
    case 'copyCurl':
    case 'openBrowser':
      return isDraft(m.draft) ? { type: m.type, draft: m.draft } : undefined;
    case 'resend':
      return isText(m.id, 100) ? { type: 'resend', id: m.id } : undefined;
    case 'tailLogs':
      return isText(m.function, 256) && m.function ? { type: 'tailLogs', function: m.function } : undefined;
    default:
      return undefined;
  }
}

const isApiType = oneOf(['REST', 'HTTP'] as const);
const isBodyKind = oneOf(['empty', 'json', 'text', 'image', 'binary'] as const);

function isRoute(v: unknown): v is RouteView {
  return isRecord(v) && isString(v.method) && isString(v.path) && isString(v.function) && isString(v.api) && isApiType(v.type);
}

function isBody(v: unknown): v is BodyView {
  if (!isRecord(v) || !isBodyKind(v.kind)) return false;
  switch (v.kind) {
    case 'empty':
      return true;
    case 'json':
    case 'text':
      return isString(v.text) && isFiniteNumber(v.bytes) && typeof v.truncated === 'boolean';
    case 'image':
      // Only a data: URL of an image type reaches an <img> (the CSP allows data: for images only).
      return isString(v.dataUrl) && /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]*$/.test(v.dataUrl) && isString(v.contentType) && isFiniteNumber(v.bytes);
    case 'binary':
      return isString(v.contentType) && isFiniteNumber(v.bytes) && isString(v.preview);
  }
  return false;
}

function isResponse(v: unknown): v is ResponseView {
  return (
    isRecord(v) &&
    isString(v.method) &&
    isString(v.url) &&
    isFiniteNumber(v.status) &&
    isString(v.statusText) &&
    isFiniteNumber(v.durationMs) &&
    isPairs(v.headers, Number.MAX_SAFE_INTEGER) &&
    isBody(v.body)
  );
}

function isHistoryItem(v: unknown): v is HistoryItem {
  return (
    isRecord(v) &&
    isString(v.id) &&
    isFiniteNumber(v.at) &&
    isString(v.method) &&
    isString(v.target) &&
    optional(v.status, isFiniteNumber) &&
    optional(v.durationMs, isFiniteNumber) &&
    optional(v.failed, (x): x is boolean => typeof x === 'boolean')
  );
}

/** What the page accepts from the host: the state when its fields have their types, else undefined. */
export function parseHostMessage(m: unknown): HostMessage | undefined {
  if (!isRecord(m) || m.type !== 'state' || !isRecord(m.state)) return undefined;
  const s = m.state;
  if (!isText(s.title) || !isText(s.endpoint) || typeof s.running !== 'boolean' || typeof s.sending !== 'boolean' || !isFiniteNumber(s.draftSeq))
    return undefined;
  if (!Array.isArray(s.routes) || !Array.isArray(s.history)) return undefined;
  if (!optional(s.draft, isDraft) || !optional(s.response, isResponse) || !optional(s.failure, isString)) return undefined;
  const state: RequestPanelState = {
    title: s.title,
    endpoint: s.endpoint,
    running: s.running,
    sending: s.sending,
    routes: s.routes.filter(isRoute),
    draftSeq: s.draftSeq,
    history: s.history.filter(isHistoryItem),
  };
  if (s.draft !== undefined) state.draft = s.draft;
  if (s.response !== undefined) state.response = s.response;
  if (s.failure !== undefined) state.failure = s.failure;
  return { type: 'state', state };
}

/** A draft for a route: its method (ANY: GET), its path, empty params, a JSON body for methods with one. */
export function draftForRoute(r: Pick<RouteView, 'method' | 'path'>): ApiRequestDraft {
  const method = (DRAFT_METHODS as readonly string[]).includes(r.method) ? r.method : 'GET';
  const params: Record<string, string> = {};
  for (const m of r.path.matchAll(/\{([^}]+?)\+?\}/g)) params[m[1]] = '';
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return { method, path: r.path === '$default' ? '/' : r.path, params, query: [], headers: [], body: withBody ? '{\n  \n}' : '' };
}
