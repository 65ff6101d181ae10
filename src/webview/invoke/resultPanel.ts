// The invoke result panel's page (browser bundle): renders the state the extension posts and sends
// back only the few named actions of ./protocol. Built with the shared h() helper: text nodes and
// attributes only, never HTML strings.
import type { ReportFigures as Report } from '../../lambda/invoke';
import { byId, h } from '../lib/dom';
import { INVOKE_IDS as ID, parseHostMessage, type HistoryItem, type PageMessage, type PanelState, type ResultView as View } from './protocol';

declare function acquireVsCodeApi(): { postMessage(m: PageMessage): void };
const vscode = acquireVsCodeApi();
const FOLD_SHOW = 200;

function send(m: PageMessage): void {
  vscode.postMessage(m);
}

function button(label: string, title: string, onClick: () => void, id?: string): HTMLButtonElement {
  const b = h('button', { title, id }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** A link that runs an action instead of navigating. */
function action(text: string, title: string, onClick: () => void): HTMLAnchorElement {
  const a = h('a', { href: '#', title }, text);
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    onClick();
  });
  return a;
}

const ms = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n * 100) / 100} ms`);
const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`);

let showAll = false;

function statusLine(v: View, inv?: string): HTMLElement {
  const words: Record<View['status'], string> = {
    success: 'Succeeded',
    functionError: `Function error (${v.error?.kind ?? 'Unhandled'})`,
    accepted: 'Accepted (Event: runs asynchronously)',
    dryRun: 'DryRun: the call is allowed (nothing ran)',
    failed: 'Failed',
  };
  const parts = [
    v.statusCode !== undefined ? `HTTP ${v.statusCode}` : '',
    v.executedVersion ? `version ${v.executedVersion}` : '',
    inv ?? '',
    v.clientDurationMs !== undefined ? `round trip ${v.clientDurationMs} ms` : '',
  ].filter(Boolean);
  return h(
    'div',
    { class: `status ${v.status}`, id: ID.status },
    h('span', { class: 'badge' }, words[v.status]),
    h('span', { class: 'meta' }, parts.join(' · ')),
    v.requestId ? h('span', { class: 'meta mono', id: ID.requestId }, `request ${v.requestId}`) : undefined,
  );
}

function reportBlock(r: Report): HTMLElement {
  const figure = (label: string, value: string) => h('div', { class: 'figure' }, h('span', { class: 'label' }, label), h('span', { class: 'value' }, value));
  return h(
    'div',
    { class: 'report', id: ID.report },
    figure('Duration', ms(r.durationMs)),
    figure('Billed', ms(r.billedDurationMs)),
    figure('Memory', r.maxMemoryUsedMb !== undefined ? `${r.maxMemoryUsedMb} MB of ${r.memorySizeMb ?? '?'} MB` : '–'),
    r.initDurationMs !== undefined ? figure('Init', ms(r.initDurationMs)) : undefined,
  );
}

function errorBlock(e: NonNullable<View['error']>): HTMLElement {
  const frames = e.frames.map((f, index) =>
    h('li', { class: 'mono' }, f.file ? action(f.text.trim(), `Open ${f.file}:${f.line ?? 1}`, () => send({ type: 'openFrame', index })) : f.text.trim()),
  );
  return h(
    'section',
    { class: 'error', id: ID.error },
    h('h3', null, e.type ?? 'Error'),
    e.message ? h('div', { class: 'message' }, e.message) : undefined,
    frames.length ? h('ol', { class: 'frames' }, ...frames) : undefined,
  );
}

function responseBlock(r: NonNullable<View['response']>): HTMLElement {
  const box = h('section', { class: 'response' }, h('h3', null, `Response · ${r.kind === 'binary' ? 'binary' : r.kind} · ${bytes(r.bytes)}`));
  if (r.kind === 'empty') {
    box.append(h('div', { class: 'muted' }, '(empty response)'));
    return box;
  }
  if (r.kind === 'binary')
    box.append(h('div', { class: 'muted' }, `The response is not UTF-8 text (${bytes(r.bytes)}); base64${r.folded ? ', first part' : ''}:`));
  const lines = r.text.split('\n');
  const folded = r.kind !== 'binary' && r.folded && !showAll;
  box.append(h('pre', { class: 'mono', id: ID.response }, folded ? lines.slice(0, FOLD_SHOW).join('\n') : r.text));
  const unfold = () => {
    showAll = true;
    render();
  };
  box.append(
    h(
      'div',
      { class: 'actions' },
      folded ? button(`Show all ${lines.length} lines`, 'Unfold the whole response', unfold, ID.showAll) : undefined,
      button('Open in Editor', 'Open the response in an editor', () => send({ type: 'openResponse' })),
    ),
  );
  return box;
}

function historyBlock(items: HistoryItem[], currentId?: string): HTMLElement {
  const list = h('ul', { id: ID.history });
  for (const it of items) {
    const outcome = it.failure ? 'failed' : it.functionError ? `error (${it.functionError})` : it.statusCode !== undefined ? String(it.statusCode) : '';
    const when = new Date(it.at).toLocaleTimeString();
    const label = `${when} · ${it.invocationType}${it.qualifier ? ` @${it.qualifier}` : ''} · ${it.payloadSource} · ${outcome}${it.durationMs !== undefined ? ` · ${ms(it.durationMs)}` : ''}`;
    list.append(
      h(
        'li',
        { class: it.id === currentId ? 'current' : undefined },
        action(label, 'Show this result', () => send({ type: 'showHistory', id: it.id })),
        it.canRerun ? button('Run again', 'Invoke again with the same payload, type and qualifier', () => send({ type: 'rerun', id: it.id })) : undefined,
      ),
    );
  }
  return h(
    'section',
    { class: 'history' },
    h('h3', null, `History (${items.length})`),
    items.length ? undefined : h('div', { class: 'muted' }, 'No invocations yet.'),
    list,
  );
}

function header(s: PanelState): HTMLElement {
  const historyId = s.current?.historyId;
  const tools = h(
    'div',
    { class: 'actions' },
    button('Invoke…', 'Invoke this function again, choosing the payload', () => send({ type: 'invoke' }), ID.invokeAgain),
    historyId ? button('Run Again', 'Same payload, type and qualifier', () => send({ type: 'rerun', id: historyId }), ID.runAgain) : undefined,
    s.canShowLogs && s.current?.requestId
      ? button("Show This Request's Logs", 'Open the log panel on this request id', () => send({ type: 'showLogs' }), ID.showLogs)
      : undefined,
  );
  return h('header', null, h('h2', null, s.title), h('span', { class: 'meta' }, s.subtitle), tools);
}

let state: PanelState | undefined;

function render(): void {
  if (!state) return;
  const root = byId(ID.root);
  root.replaceChildren(header(state));
  if (state.running) root.append(h('div', { class: 'running' }, 'Invoking…'));
  const v = state.current;
  if (v) {
    root.append(statusLine(v, v.invocationType));
    if (v.payloadSource) root.append(h('div', { class: 'meta' }, `Payload: ${v.payloadSource}`));
    if (v.failure) root.append(h('div', { class: 'failure' }, v.failure));
    if (v.report) root.append(reportBlock(v.report));
    if (v.error) root.append(errorBlock(v.error));
    if (v.response) root.append(responseBlock(v.response));
    if (v.logTail) root.append(h('section', { class: 'log' }, h('h3', null, 'Log tail (last 4 KB)'), h('pre', { class: 'mono', id: ID.logTail }, v.logTail)));
  }
  root.append(historyBlock(state.history, v?.historyId));
}

window.addEventListener('message', (e: MessageEvent) => {
  const msg = parseHostMessage(e.data);
  if (!msg) return;
  const prev = state?.current?.historyId;
  state = msg.state;
  if (state.current?.historyId !== prev) showAll = false;
  render();
});
send({ type: 'ready' });
