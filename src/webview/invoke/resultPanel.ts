/// <reference lib="dom" />
// The invoke result panel's script (browser bundle). It renders what the extension posts and sends
// back only a few small, named actions; everything is built with textContent, never HTML strings.

// The page renders exactly what the extension builds (src/vscode/invoke/resultView.ts, no vscode
// import there): type-only imports, erased from the browser bundle.
import type { ResultView as View } from '../../vscode/invoke/resultView';
import type { ReportFigures as Report } from '../../lambda/invoke';
interface HistoryItem {
  id: string;
  at: number;
  invocationType: string;
  qualifier?: string;
  payloadSource: string;
  statusCode?: number;
  functionError?: string;
  failure?: string;
  durationMs?: number;
  canRerun: boolean;
}
interface State {
  title: string;
  subtitle: string;
  running: boolean;
  current?: View & { historyId?: string; payloadSource?: string; invocationType?: string };
  history: HistoryItem[];
  canShowLogs: boolean;
}

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
const vscode = acquireVsCodeApi();
const FOLD_SHOW = 200;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function button(label: string, title: string, onClick: () => void, id?: string): HTMLButtonElement {
  const b = el('button', undefined, label);
  b.title = title;
  if (id) b.id = id;
  b.addEventListener('click', onClick);
  return b;
}
const ms = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n * 100) / 100} ms`);
const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`);

let showAll = false;

function statusLine(v: View, inv?: string): HTMLElement {
  const s = el('div', `status ${v.status}`);
  s.id = 'status';
  const words: Record<View['status'], string> = {
    success: 'Succeeded',
    functionError: `Function error (${v.error?.kind ?? 'Unhandled'})`,
    accepted: 'Accepted (Event: runs asynchronously)',
    dryRun: 'DryRun: the call is allowed (nothing ran)',
    failed: 'Failed',
  };
  s.append(el('span', 'badge', words[v.status]));
  const parts = [
    v.statusCode !== undefined ? `HTTP ${v.statusCode}` : '',
    v.executedVersion ? `version ${v.executedVersion}` : '',
    inv ?? '',
    v.clientDurationMs !== undefined ? `round trip ${v.clientDurationMs} ms` : '',
  ].filter(Boolean);
  s.append(el('span', 'meta', parts.join(' · ')));
  if (v.requestId) {
    const rid = el('span', 'meta mono', `request ${v.requestId}`);
    rid.id = 'requestId';
    s.append(rid);
  }
  return s;
}

function reportBlock(r: Report): HTMLElement {
  const box = el('div', 'report');
  box.id = 'report';
  const add = (label: string, value: string) => {
    const d = el('div', 'figure');
    d.append(el('span', 'label', label), el('span', 'value', value));
    box.append(d);
  };
  add('Duration', ms(r.durationMs));
  add('Billed', ms(r.billedDurationMs));
  add('Memory', r.maxMemoryUsedMb !== undefined ? `${r.maxMemoryUsedMb} MB of ${r.memorySizeMb ?? '?'} MB` : '–');
  if (r.initDurationMs !== undefined) add('Init', ms(r.initDurationMs));
  return box;
}

function errorBlock(e: NonNullable<View['error']>): HTMLElement {
  const box = el('section', 'error');
  box.id = 'error';
  box.append(el('h3', undefined, e.type ?? 'Error'));
  if (e.message) box.append(el('div', 'message', e.message));
  const list = el('ol', 'frames');
  e.frames.forEach((f, index) => {
    const li = el('li', 'mono');
    if (f.file) {
      const a = el('a', undefined, f.text.trim());
      a.href = '#';
      a.title = `Open ${f.file}:${f.line ?? 1}`;
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        vscode.postMessage({ type: 'openFrame', index });
      });
      li.append(a);
    } else li.textContent = f.text.trim();
    list.append(li);
  });
  if (e.frames.length) box.append(list);
  return box;
}

function responseBlock(r: NonNullable<View['response']>): HTMLElement {
  const box = el('section', 'response');
  const head = el('h3', undefined, `Response · ${r.kind === 'binary' ? 'binary' : r.kind} · ${bytes(r.bytes)}`);
  box.append(head);
  if (r.kind === 'empty') {
    box.append(el('div', 'muted', '(empty response)'));
    return box;
  }
  if (r.kind === 'binary') {
    box.append(el('div', 'muted', `The response is not UTF-8 text (${bytes(r.bytes)}); base64${r.folded ? ', first part' : ''}:`));
  }
  const lines = r.text.split('\n');
  const folded = r.kind !== 'binary' && r.folded && !showAll;
  const pre = el('pre', 'mono', folded ? lines.slice(0, FOLD_SHOW).join('\n') : r.text);
  pre.id = 'response';
  box.append(pre);
  const actions = el('div', 'actions');
  if (folded)
    actions.append(
      button(
        `Show all ${lines.length} lines`,
        'Unfold the whole response',
        () => {
          showAll = true;
          render();
        },
        'showAll',
      ),
    );
  actions.append(button('Open in Editor', 'Open the response in an editor', () => vscode.postMessage({ type: 'openResponse' })));
  box.append(actions);
  return box;
}

function historyBlock(items: HistoryItem[], currentId?: string): HTMLElement {
  const box = el('section', 'history');
  box.append(el('h3', undefined, `History (${items.length})`));
  if (!items.length) box.append(el('div', 'muted', 'No invocations yet.'));
  const list = el('ul');
  list.id = 'history';
  for (const h of items) {
    const li = el('li', h.id === currentId ? 'current' : undefined);
    const outcome = h.failure ? 'failed' : h.functionError ? `error (${h.functionError})` : h.statusCode !== undefined ? String(h.statusCode) : '';
    const when = new Date(h.at).toLocaleTimeString();
    const label = el(
      'a',
      undefined,
      `${when} · ${h.invocationType}${h.qualifier ? ` @${h.qualifier}` : ''} · ${h.payloadSource} · ${outcome}${h.durationMs !== undefined ? ` · ${ms(h.durationMs)}` : ''}`,
    );
    label.href = '#';
    label.title = 'Show this result';
    label.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'showHistory', id: h.id });
    });
    li.append(label);
    if (h.canRerun)
      li.append(button('Run again', 'Invoke again with the same payload, type and qualifier', () => vscode.postMessage({ type: 'rerun', id: h.id })));
    list.append(li);
  }
  box.append(list);
  return box;
}

let state: State | undefined;

function render(): void {
  if (!state) return;
  const root = $('root');
  root.replaceChildren();
  const header = el('header');
  header.append(el('h2', undefined, state.title), el('span', 'meta', state.subtitle));
  const tools = el('div', 'actions');
  tools.append(button('Invoke…', 'Invoke this function again, choosing the payload', () => vscode.postMessage({ type: 'invoke' }), 'invokeAgain'));
  if (state.current?.historyId)
    tools.append(
      button('Run Again', 'Same payload, type and qualifier', () => vscode.postMessage({ type: 'rerun', id: state!.current!.historyId }), 'runAgain'),
    );
  if (state.canShowLogs && state.current?.requestId)
    tools.append(button("Show This Request's Logs", 'Open the log panel on this request id', () => vscode.postMessage({ type: 'showLogs' }), 'showLogs'));
  header.append(tools);
  root.append(header);
  if (state.running) root.append(el('div', 'running', 'Invoking…'));
  const v = state.current;
  if (v) {
    root.append(statusLine(v, v.invocationType));
    if (v.payloadSource) root.append(el('div', 'meta', `Payload: ${v.payloadSource}`));
    if (v.failure) root.append(el('div', 'failure', v.failure));
    if (v.report) root.append(reportBlock(v.report));
    if (v.error) root.append(errorBlock(v.error));
    if (v.response) root.append(responseBlock(v.response));
    if (v.logTail) {
      const box = el('section', 'log');
      box.append(el('h3', undefined, 'Log tail (last 4 KB)'));
      const pre = el('pre', 'mono', v.logTail);
      pre.id = 'logTail';
      box.append(pre);
      root.append(box);
    }
  }
  root.append(historyBlock(state.history, v?.historyId));
}

function isState(m: unknown): m is { type: 'state'; state: State } {
  if (!m || typeof m !== 'object') return false;
  const x = m as { type?: unknown; state?: unknown };
  if (x.type !== 'state' || !x.state || typeof x.state !== 'object') return false;
  const s = x.state as Partial<State>;
  return typeof s.title === 'string' && typeof s.running === 'boolean' && Array.isArray(s.history);
}

window.addEventListener('message', (e: MessageEvent) => {
  if (!isState(e.data)) return;
  const prev = state?.current?.historyId;
  state = e.data.state;
  if (state.current?.historyId !== prev) showAll = false;
  render();
});
vscode.postMessage({ type: 'ready' });
