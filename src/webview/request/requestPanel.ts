// The request panel's page (browser bundle): a form for one HTTP request to a locally served API
// (route, method, path with its {params}, query and header rows, body), the last answer (status,
// time, headers, body as JSON, text or an image) and the history. The page never talks to the
// network: Send posts the draft, the extension host performs the request. DOM through h() only.
import { byId, h } from '../lib/dom';
import {
  DRAFT_METHODS,
  REQUEST_IDS as ID,
  draftForRoute,
  draftProblem,
  parseHostMessage,
  type ApiRequestDraft,
  type HistoryItem,
  type PageMessage,
  type RequestPanelState,
  type ResponseView,
} from './protocol';

declare function acquireVsCodeApi(): { postMessage(m: PageMessage): void };
const vscode = acquireVsCodeApi();
const send = (m: PageMessage) => vscode.postMessage(m);

let state: RequestPanelState | undefined;
let loadedSeq = -1;
/** The form's content, kept across renders. */
let draft: ApiRequestDraft = { method: 'GET', path: '/', params: {}, query: [], headers: [], body: '' };
let routeIndex = -1;

function button(label: string, title: string, onClick: () => void, attrs: Record<string, string | boolean | undefined> = {}): HTMLButtonElement {
  const b = h('button', { title, ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

function paramNames(p: string): string[] {
  return [...p.matchAll(/\{([^}]+?)\+?\}/g)].map((m) => m[1]);
}

/** Rows of name/value inputs (query or headers) that edit `rows` in place. */
function rowsEditor(id: string, rows: [string, string][], namePlaceholder: string): HTMLElement {
  const box = h('div', { id, class: 'rows' });
  rows.forEach((row, i) => {
    const name = h('input', { type: 'text', class: 'name', placeholder: namePlaceholder, value: row[0], 'aria-label': `${namePlaceholder} ${i + 1}` });
    const value = h('input', { type: 'text', class: 'value', placeholder: 'value', value: row[1], 'aria-label': `value ${i + 1}` });
    name.addEventListener('input', () => {
      row[0] = name.value;
      updateUrl();
    });
    value.addEventListener('input', () => {
      row[1] = value.value;
      updateUrl();
    });
    const remove = button('✕', 'Remove this row', () => {
      rows.splice(i, 1);
      render();
    });
    box.append(h('div', { class: 'row' }, name, value, remove));
  });
  return box;
}

function paramsEditor(): HTMLElement {
  const names = paramNames(draft.path);
  const box = h('div', { id: ID.params, class: 'rows' });
  for (const n of names) {
    const input = h('input', {
      type: 'text',
      class: 'value',
      value: draft.params[n] ?? '',
      placeholder: `value of {${n}}`,
      'data-param': n,
      'aria-label': `path parameter ${n}`,
    });
    input.addEventListener('input', () => {
      draft.params[n] = input.value;
      updateUrl();
    });
    box.append(h('div', { class: 'row' }, h('label', { class: 'name' }, `{${n}}`), input));
  }
  return box;
}

/** The URL the draft goes to, shown under the form (the host builds the same one). */
function previewUrl(): string {
  if (!state) return '';
  const filled = draft.path.replace(/\{([^}]+?)(\+?)\}/g, (_m, n: string, greedy: string) =>
    greedy ? (draft.params[n] ?? '').split('/').map(encodeURIComponent).join('/') : encodeURIComponent(draft.params[n] ?? ''),
  );
  const q = draft.query.filter(([k]) => k).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return `${state.endpoint.replace(/\/+$/, '')}${filled.startsWith('/') ? '' : '/'}${filled}${q.length ? `?${q.join('&')}` : ''}`;
}

function updateUrl(): void {
  const el = document.getElementById(ID.url);
  if (el) el.textContent = previewUrl();
  const browser = document.getElementById(ID.browser) as HTMLButtonElement | null;
  if (browser) browser.disabled = draft.method !== 'GET';
  const problem = document.getElementById(ID.problem);
  if (problem) problem.textContent = '';
}

function trySend(type: 'send' | 'copyCurl' | 'openBrowser'): void {
  // Only the params of the current path are sent.
  const params: Record<string, string> = {};
  for (const n of paramNames(draft.path)) params[n] = draft.params[n] ?? '';
  const d: ApiRequestDraft = { ...draft, params, query: draft.query.map((r) => [r[0], r[1]]), headers: draft.headers.map((r) => [r[0], r[1]]) };
  const problem = draftProblem(d);
  if (problem) {
    byId(ID.problem).textContent = problem;
    return;
  }
  send({ type, draft: d });
}

function routeSelect(s: RequestPanelState): HTMLElement {
  const select = h('select', { id: ID.route, 'aria-label': 'Route' });
  select.append(h('option', { value: '-1' }, s.routes.length ? 'Routes…' : 'No routes'));
  s.routes.forEach((r, i) => select.append(h('option', { value: String(i), selected: i === routeIndex }, `${r.method} ${r.path} → ${r.function}`)));
  select.addEventListener('change', () => {
    routeIndex = Number(select.value);
    const r = s.routes[routeIndex];
    if (r) draft = draftForRoute(r);
    render();
  });
  return select;
}

function form(s: RequestPanelState): HTMLElement {
  const method = h('select', { id: ID.method, 'aria-label': 'Method' });
  for (const m of DRAFT_METHODS) method.append(h('option', { value: m, selected: m === draft.method }, m));
  method.addEventListener('change', () => {
    draft.method = method.value;
    updateUrl();
  });
  const pathInput = h('input', { id: ID.path, type: 'text', value: draft.path, 'aria-label': 'Path', spellcheck: 'false' });
  pathInput.addEventListener('input', () => {
    const before = paramNames(draft.path).join('/');
    draft.path = pathInput.value;
    // The form is rebuilt only when the {params} changed (a rebuild would swallow a click on Send).
    if (paramNames(draft.path).join('/') !== before) {
      render();
      const again = document.getElementById(ID.path) as HTMLInputElement | null;
      again?.focus();
      again?.setSelectionRange(again.value.length, again.value.length);
    } else updateUrl();
  });
  pathInput.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    draft.path = pathInput.value;
    trySend('send');
  });
  const body = h('textarea', { id: ID.body, rows: 8, spellcheck: 'false', placeholder: '{ "json": "body" }', 'aria-label': 'Body' });
  body.value = draft.body;
  body.addEventListener('input', () => (draft.body = body.value));
  const route = s.routes[routeIndex];
  return h(
    'section',
    { class: 'form' },
    h(
      'div',
      { class: 'line' },
      method,
      pathInput,
      button(s.sending ? 'Sending…' : 'Send', s.running ? 'Send the request (Enter in the path)' : 'The API is stopped', () => trySend('send'), {
        id: ID.send,
        class: 'primary',
        disabled: s.sending || !s.running,
      }),
    ),
    h('div', { class: 'url mono', id: ID.url }, previewUrl()),
    h('div', { class: 'problem', id: ID.problem, role: 'alert' }),
    paramNames(draft.path).length ? h('h3', null, 'Path parameters') : undefined,
    paramsEditor(),
    h('h3', null, 'Query'),
    rowsEditor(ID.query, draft.query, 'name'),
    button(
      '+ Query parameter',
      'Add a query string parameter',
      () => {
        draft.query.push(['', '']);
        render();
      },
      { id: ID.addQuery },
    ),
    h('h3', null, 'Headers'),
    rowsEditor(ID.headers, draft.headers, 'header'),
    button(
      '+ Header',
      'Add a request header',
      () => {
        draft.headers.push(['', '']);
        render();
      },
      { id: ID.addHeader },
    ),
    h('h3', null, 'Body (JSON unless a content-type header says otherwise; not sent with GET or HEAD)'),
    body,
    h(
      'div',
      { class: 'actions' },
      button('Copy as curl', 'Copy this request as a curl command line', () => trySend('copyCurl'), { id: ID.curl }),
      button('Open in Browser', 'GET requests only', () => trySend('openBrowser'), { id: ID.browser, disabled: draft.method !== 'GET' }),
      route
        ? button(`Tail Logs of ${route.function}`, "Open the log tail of this route's function", () => send({ type: 'tailLogs', function: route.function }), {
            id: ID.tailLogs,
          })
        : undefined,
    ),
  );
}

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`);

function responseBlock(r: ResponseView): HTMLElement {
  const cls = r.status < 300 ? 'ok' : r.status < 400 ? 'redirect' : 'bad';
  const b = r.body;
  let body: HTMLElement;
  switch (b.kind) {
    case 'empty':
      body = h('div', { class: 'muted', id: ID.responseBody }, 'No body.');
      break;
    case 'json':
    case 'text':
      body = h('pre', { class: `mono ${b.kind}`, id: ID.responseBody }, b.text + (b.truncated ? '\n… (cut at 512 KB)' : ''));
      break;
    case 'image':
      body = h('div', { id: ID.responseBody }, h('img', { src: b.dataUrl, alt: `${b.contentType}, ${size(b.bytes)}` }));
      break;
    case 'binary':
      body = h(
        'div',
        { id: ID.responseBody },
        h('div', { class: 'muted' }, `${b.contentType}, ${size(b.bytes)} of binary data. First bytes:`),
        h('pre', { class: 'mono' }, b.preview),
      );
      break;
  }
  const bytes = b.kind === 'empty' ? 0 : b.bytes;
  return h(
    'section',
    { class: 'response' },
    h(
      'div',
      { class: `status ${cls}`, id: ID.status },
      h('span', { class: 'badge' }, `${r.status} ${r.statusText}`),
      h('span', { class: 'meta' }, `${r.durationMs} ms · ${size(bytes)}`),
      h('span', { class: 'meta mono' }, `${r.method} ${r.url}`),
    ),
    h(
      'details',
      { id: ID.responseHeaders },
      h('summary', null, `Headers (${r.headers.length})`),
      h('table', null, ...r.headers.map(([k, v]) => h('tr', null, h('td', { class: 'mono name' }, k), h('td', { class: 'mono' }, v)))),
    ),
    body,
  );
}

function historyBlock(items: HistoryItem[]): HTMLElement {
  const list = h('ul', { id: ID.history });
  for (const it of items) {
    const outcome = it.failed ? 'failed' : it.status !== undefined ? String(it.status) : '';
    const a = h('a', { href: '#', title: 'Load this request and send it again' }, `${it.method} ${it.target}`);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      send({ type: 'resend', id: it.id });
    });
    list.append(
      h(
        'li',
        null,
        a,
        h('span', { class: 'meta' }, `${outcome}${it.durationMs !== undefined ? ` · ${it.durationMs} ms` : ''} · ${new Date(it.at).toLocaleTimeString()}`),
      ),
    );
  }
  return h('section', { class: 'history' }, h('h3', null, `History (${items.length})`), items.length ? list : h('div', { class: 'muted' }, 'No requests yet.'));
}

function render(): void {
  const s = state;
  if (!s) return;
  const root = byId(ID.root);
  root.replaceChildren(
    h(
      'header',
      null,
      h('h2', { id: ID.title }, s.title),
      h('span', { class: 'meta mono' }, s.endpoint),
      s.running ? undefined : h('span', { class: 'stopped' }, 'stopped'),
      routeSelect(s),
    ),
    form(s),
  );
  if (s.failure) root.append(h('div', { class: 'failure', id: ID.status }, s.failure));
  else if (s.response) root.append(responseBlock(s.response));
  root.append(historyBlock(s.history));
}

window.addEventListener('message', (e: MessageEvent) => {
  const msg = parseHostMessage(e.data);
  if (!msg) return;
  state = msg.state;
  if (state.draft && state.draftSeq !== loadedSeq) {
    loadedSeq = state.draftSeq;
    draft = structuredClone(state.draft);
    routeIndex = state.routes.findIndex((r) => r.path === draft.path && (r.method === draft.method || r.method === 'ANY'));
  }
  render();
});
send({ type: 'ready' });
