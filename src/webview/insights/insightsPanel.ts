/// <reference lib="dom" />
// The Logs Insights panel's page: the query editor (./editor), the log groups, the time range, the
// sample and saved queries, Run / Cancel with progress, the chart (./chartView) and the results table
// (./table). It talks to the extension only through postMessage with ./protocol's messages; the host
// runs the queries. Everything received is validated.
import { parseQuery, QueryError } from '../../insights/parse';
import { byId, h } from '../lib/dom';
import { isRecord } from '../lib/guards';
import { chartData } from './chart';
import { ChartView } from './chartView';
import { QueryEditor } from './editor';
import {
  INSIGHTS_IDS as ID,
  isTimeRange,
  parseHostMessage,
  RANGES,
  type HostMessage,
  type NamedQuery,
  type QueryProgress,
  type SavedQueryRef,
  type TimeRange,
  type WebviewMessage,
} from './protocol';
import { toCsv, toJson } from './results';
import { ResultsTable } from './table';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  query?: string;
  logGroups?: string[];
  range?: TimeRange;
}

const vscode = acquireVsCodeApi();
const saved = savedState(vscode.getState());
/** A page reloaded after being hidden keeps what the user set; the host's config only fills a new page. */
const firstLoad = vscode.getState() === undefined || vscode.getState() === null;
let logGroups: string[] = saved.logGroups ?? [];
let samples: NamedQuery[] = [];
let lastFields: string[] = [];
let running = false;
let runStarted = 0;
let ticker: ReturnType<typeof setInterval> | undefined;
let lastProgress: QueryProgress | undefined;
/** What #error shows: a run's failure, or the live check's hint while typing. */
let errorKind: 'run' | 'hint' | undefined;
let checkTimer: ReturnType<typeof setTimeout> | undefined;

const editor = new QueryEditor(byId<HTMLTextAreaElement>(ID.query), byId(ID.highlight), byId(ID.completions), {
  fields: () => lastFields,
  run: () => run(),
  changed: () => {
    persist();
    scheduleCheck();
  },
});
const table = new ResultsTable(byId(ID.results));
const chart = new ChartView(byId(ID.chart));
const rangeEl = byId<HTMLSelectElement>(ID.range);
const startEl = byId<HTMLInputElement>(ID.start);
const endEl = byId<HTMLInputElement>(ID.end);
const samplesEl = byId<HTMLSelectElement>(ID.samples);
const savedEl = byId<HTMLSelectElement>(ID.saved);
const groupInput = byId<HTMLInputElement>(ID.groupInput);
const progressEl = byId(ID.progress);
const errorEl = byId(ID.error);
const runBtn = byId<HTMLButtonElement>(ID.run);
const cancelBtn = byId<HTMLButtonElement>(ID.cancel);

rangeEl.replaceChildren(...RANGES.map((r) => h('option', { value: String(r.minutes) }, r.label)), h('option', { value: 'custom' }, 'custom…'));
applyRange(saved.range ?? { kind: 'relative', minutes: 60 });
rangeEl.addEventListener('change', () => {
  byId(ID.customRange).hidden = rangeEl.value !== 'custom';
  if (rangeEl.value === 'custom' && !startEl.value) {
    endEl.value = localInput(Date.now());
    startEl.value = localInput(Date.now() - 3600_000);
  }
  persist();
});
startEl.addEventListener('change', () => persist());
endEl.addEventListener('change', () => persist());
samplesEl.addEventListener('change', () => {
  const s = samples[Number(samplesEl.value)];
  if (s) editor.value = s.query;
  samplesEl.value = '';
  persist();
  editor.focus();
});
savedEl.addEventListener('change', () => {
  if (savedEl.value) send({ type: 'openSaved', file: savedEl.value });
  savedEl.value = '';
});
groupInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') addGroup(groupInput.value);
});
groupInput.addEventListener('change', () => addGroup(groupInput.value));
byId(ID.save).addEventListener('click', () => send({ type: 'save', query: editor.value }));
runBtn.addEventListener('click', () => run());
cancelBtn.addEventListener('click', () => send({ type: 'cancel' }));
byId(ID.copyCsv).addEventListener('click', () => send({ type: 'copy', format: 'csv', text: toCsv(table.columns, table.shown) }));
byId(ID.copyJson).addEventListener('click', () => send({ type: 'copy', format: 'json', text: toJson(table.columns, table.shown) }));
window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const msg = parseHostMessage(e.data);
  if (msg) onHost(msg);
});
if (saved.query) editor.value = saved.query;
drawGroups();
send({ type: 'ready' });

function onHost(msg: HostMessage): void {
  switch (msg.type) {
    case 'init':
      byId(ID.title).textContent = `${msg.config.connectionLabel}`;
      samples = msg.samples;
      samplesEl.replaceChildren(h('option', { value: '' }, 'Sample queries…'), ...samples.map((s, i) => h('option', { value: String(i) }, s.name)));
      drawSaved(msg.saved);
      if (firstLoad && msg.config.logGroups.length) logGroups = [...new Set(msg.config.logGroups)];
      drawGroups();
      if (firstLoad && msg.config.query) editor.value = msg.config.query;
      else if (!editor.value.trim() && samples[0]) editor.value = samples[0].query;
      persist();
      return;
    case 'groups':
      byId(ID.groupList).replaceChildren(...msg.available.map((g) => h('option', { value: g })));
      if (msg.error) groupInput.placeholder = msg.error;
      return;
    case 'progress':
      lastProgress = msg.progress;
      drawProgress();
      return;
    case 'results': {
      // Partial rows arrive while the query runs; the final ones end the run.
      if (!msg.partial) setRunning(false);
      else if (!running) return;
      lastProgress = msg.progress;
      drawProgress();
      lastFields = msg.fields;
      table.show(msg.fields, msg.rows);
      chart.show(chartData(editor.value, msg.fields, msg.rows));
      byId(ID.resultBar).hidden = false;
      byId(ID.resultBar).dataset.rows = String(msg.rows.length);
      byId(ID.resultBar).querySelector('.count')!.textContent = `${msg.rows.length.toLocaleString()} row${msg.rows.length === 1 ? '' : 's'}`;
      return;
    }
    case 'failed':
      setRunning(false);
      showError(msg.message, 'run');
      errorEl.classList.toggle('cancelled', msg.cancelled);
      drawProgress(msg.cancelled ? 'Cancelled' : 'Failed');
      if (msg.line !== undefined && msg.column !== undefined) editor.markError(msg.line, msg.column);
      return;
    case 'query':
      editor.value = msg.query;
      persist();
      editor.focus();
      return;
    case 'saved':
      drawSaved(msg.saved);
      return;
  }
}

function run(): void {
  if (running) return;
  const range = readRange();
  if (!range) return showError('The custom time range needs a start before its end.');
  if (!logGroups.length) return showError('Add at least one log group (type its name in the log groups box).');
  // The service judges the query now: a pending live check would only race its answer.
  if (checkTimer) clearTimeout(checkTimer);
  checkTimer = undefined;
  errorEl.hidden = true;
  errorKind = undefined;
  lastProgress = undefined;
  setRunning(true);
  send({ type: 'run', query: editor.value, logGroups, range });
}

function setRunning(on: boolean): void {
  running = on;
  runBtn.disabled = on;
  cancelBtn.disabled = !on;
  document.body.classList.toggle('running', on);
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  if (on) {
    runStarted = Date.now();
    drawProgress();
    ticker = setInterval(() => drawProgress(), 200);
  }
}

function drawProgress(ended?: string): void {
  const p = lastProgress;
  const status = ended ?? (running ? (p?.status ?? 'Starting') : (p?.status ?? ''));
  const elapsed = running ? Date.now() - runStarted : (p?.elapsedMs ?? 0);
  progressEl.dataset.status = status;
  const parts = [h('span', { class: `status ${status.toLowerCase()}` }, status)];
  if (p)
    parts.push(
      h('span', { class: 'scanned' }, `${p.recordsScanned.toLocaleString()} records scanned`),
      h('span', { class: 'matched' }, `${p.recordsMatched.toLocaleString()} matched`),
    );
  if (status) parts.push(h('span', { class: 'elapsed' }, `${(elapsed / 1000).toFixed(1)} s`));
  progressEl.replaceChildren(...parts);
}

function showError(message: string, kind: 'run' | 'hint' = 'run'): void {
  errorKind = kind;
  errorEl.textContent = message;
  errorEl.hidden = false;
  errorEl.classList.toggle('hint', kind === 'hint');
  errorEl.classList.remove('cancelled');
}

/**
 * The live check while typing: the query language's own parser (src/insights/parse.ts) says where a
 * query is malformed before it runs. A hint only: Run still sends the query, and the service decides.
 */
function scheduleCheck(): void {
  if (checkTimer) clearTimeout(checkTimer);
  checkTimer = setTimeout(() => {
    checkTimer = undefined;
    const q = editor.value;
    try {
      if (q.trim()) parseQuery(q);
      if (errorKind) {
        errorEl.hidden = true;
        errorKind = undefined;
      }
      editor.clearError();
    } catch (err) {
      if (!(err instanceof QueryError)) return;
      showError(`Line ${err.line}, column ${err.column}: ${err.message}`, 'hint');
      editor.markError(err.line, err.column, false);
    }
  }, 400);
}

function addGroup(name: string): void {
  const g = name.trim();
  if (!g) return;
  if (!logGroups.includes(g)) logGroups = [...logGroups, g];
  groupInput.value = '';
  drawGroups();
  persist();
}

function drawGroups(): void {
  const chips = logGroups.map((g) => {
    const remove = h('button', { class: 'chip-remove', title: `Remove ${g}`, 'aria-label': `Remove ${g}` }, '×');
    remove.addEventListener('click', () => {
      logGroups = logGroups.filter((x) => x !== g);
      drawGroups();
      persist();
    });
    return h('span', { class: 'chip', 'data-group': g, title: g }, g.replace(/^\/aws\/lambda\//, 'λ '), remove);
  });
  const box = byId(ID.groups);
  box.replaceChildren(...chips, groupInput);
  groupInput.placeholder = logGroups.length ? 'add a log group…' : 'log group name (Enter)';
}

function drawSaved(list: SavedQueryRef[]): void {
  savedEl.replaceChildren(
    h('option', { value: '' }, list.length ? 'Saved queries…' : 'No saved queries'),
    ...list.map((s) => h('option', { value: s.file }, s.name)),
  );
}

function readRange(): TimeRange | undefined {
  if (rangeEl.value !== 'custom') return { kind: 'relative', minutes: Number(rangeEl.value) };
  const start = Date.parse(startEl.value);
  const end = Date.parse(endEl.value);
  return Number.isFinite(start) && Number.isFinite(end) && start < end ? { kind: 'absolute', start, end } : undefined;
}

function applyRange(r: TimeRange): void {
  if (r.kind === 'relative') {
    rangeEl.value = RANGES.some((x) => x.minutes === r.minutes) ? String(r.minutes) : '60';
    return;
  }
  rangeEl.value = 'custom';
  byId(ID.customRange).hidden = false;
  startEl.value = localInput(r.start);
  endEl.value = localInput(r.end);
}

/** A datetime-local input's value for a time (local time, to the second). */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

function persist(): void {
  vscode.setState({ query: editor.value, logGroups, ...(readRange() ? { range: readRange() } : {}) });
}

function send(m: WebviewMessage): void {
  vscode.postMessage(m);
}

function savedState(v: unknown): SavedState {
  if (!isRecord(v)) return {};
  return {
    ...(typeof v.query === 'string' ? { query: v.query } : {}),
    ...(Array.isArray(v.logGroups) && v.logGroups.every((g) => typeof g === 'string') ? { logGroups: v.logGroups as string[] } : {}),
    ...(isTimeRange(v.range) ? { range: v.range } : {}),
  };
}
