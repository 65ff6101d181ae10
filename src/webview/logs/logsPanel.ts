/// <reference lib="dom" />
// The log panel's page: draws the PanelModel as a virtualised list (only the rows in view exist in the
// DOM), redraws at most once per animation frame and only when the model changed, and talks to the
// extension through postMessage. Everything it receives is validated; nothing is fetched.
import { PanelModel, type PanelFilter, type PanelLine, type PanelRow } from '../../logs/model';
import { parseHostMessage, type HostMessage, type PanelConfig, type SearchState, type WebviewMessage } from '../../logs/messages';
import type { InvocationGroup } from '../../logs/group';
import type { LogLevel, TailStatus } from '../../logs/types';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  config?: PanelConfig;
  filter?: PanelFilter;
  lastTimestamp?: number;
  follow?: boolean;
  mode?: 'live' | 'search';
  search?: { start: number; end: number };
}

const vscode = acquireVsCodeApi();
const saved: SavedState = vscode.getState() ?? {};
const ROW_HEIGHT = 20;
const OVERSCAN = 20;

let model = new PanelModel({ lineCap: 20_000 });
let config: PanelConfig | undefined = saved.config;
let mode: 'live' | 'search' = saved.mode ?? 'live';
let follow = saved.follow ?? true;
let status: TailStatus = { mode: 'connecting', sampled: false };
let search: SearchState | undefined;
let lastTimestamp = saved.lastTimestamp ?? 0;
let drawnVersion = -1;
let frame = 0;
let notice: { message: string; level: 'info' | 'error' } | undefined;
/** Lines whose JSON / multi-line body is unfolded, by seq. Errors unfold by default. */
const unfolded = new Set<number>();
const folded = new Set<number>();

// ---- DOM -----------------------------------------------------------------------------------------
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const list = $<HTMLDivElement>('list');
const spacer = $<HTMLDivElement>('spacer');
const viewport = $<HTMLDivElement>('rows');
const statusEl = $<HTMLDivElement>('status');
const filterInput = $<HTMLInputElement>('filter');
const levelSelect = $<HTMLSelectElement>('level');
const errorsOnly = $<HTMLInputElement>('errorsOnly');
const patternInput = $<HTMLInputElement>('pattern');
const pauseBtn = $<HTMLButtonElement>('pause');
const followBtn = $<HTMLButtonElement>('follow');
const searchBar = $<HTMLDivElement>('searchBar');
const startInput = $<HTMLInputElement>('start');
const endInput = $<HTMLInputElement>('end');
const olderBtn = $<HTMLButtonElement>('older');
const newerBtn = $<HTMLButtonElement>('newer');
const titleEl = $<HTMLSpanElement>('title');

if (saved.filter) applyFilter(saved.filter, false);

filterInput.addEventListener('input', () => onFilterInput());
levelSelect.addEventListener('change', () => onFilterInput());
errorsOnly.addEventListener('change', () => onFilterInput());
patternInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') send({ type: 'setPattern', pattern: patternInput.value.trim() });
});
$('applyPattern').addEventListener('click', () => send({ type: 'setPattern', pattern: patternInput.value.trim() }));
pauseBtn.addEventListener('click', () => togglePause());
followBtn.addEventListener('click', () => setFollow(!follow));
$('clear').addEventListener('click', () => {
  model.clear();
  unfolded.clear();
  folded.clear();
  jsonFolds.clear();
  schedule();
});
$('copy').addEventListener('click', () => send({ type: 'copy', text: visibleText() }));
$('collapseAll').addEventListener('click', () => {
  model.setAllCollapsed(true);
  schedule();
});
$('expandAll').addEventListener('click', () => {
  model.setAllCollapsed(false);
  schedule();
});
$('searchToggle').addEventListener('click', () => {
  searchBar.hidden = !searchBar.hidden;
  if (!searchBar.hidden && !startInput.value) {
    const now = Date.now();
    startInput.value = toLocalInput(now - 15 * 60_000);
    endInput.value = toLocalInput(now);
  }
});
$('runSearch').addEventListener('click', () => runSearch());
$('live').addEventListener('click', () => send({ type: 'live' }));
olderBtn.addEventListener('click', () => send({ type: 'loadOlder' }));
newerBtn.addEventListener('click', () => send({ type: 'loadNewer' }));
list.addEventListener('scroll', () => {
  // Scrolling up leaves follow mode; reaching the bottom again re-enters it.
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - ROW_HEIGHT;
  if (follow !== atBottom) setFollow(atBottom, false);
  draw(true);
});
window.addEventListener('resize', () => draw(true));
statusEl.addEventListener('click', (e) => {
  if (!(e.target as HTMLElement).closest('[data-retry]')) return;
  e.preventDefault();
  status = { mode: 'connecting', sampled: false };
  send({ type: 'live' });
  drawStatus();
});
viewport.addEventListener('click', (e) => onRowClick(e));
// Double-click a JSON line: open it in an editor (search, fold, copy parts with the editor's tools).
viewport.addEventListener('dblclick', (e) => {
  const row = (e.target as HTMLElement).closest('[data-i]') as HTMLElement | null;
  const r = row ? rowsDrawn[Number(row.dataset.i)] : undefined;
  if (r?.type === 'line' && r.line.json !== undefined) send({ type: 'openJson', text: JSON.stringify(r.line.json, null, 2) });
});
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
    e.preventDefault();
    filterInput.focus();
    filterInput.select();
  } else if (e.key === 'Escape' && document.activeElement === filterInput) {
    filterInput.value = '';
    onFilterInput();
  }
});

window.addEventListener('message', (e: MessageEvent) => {
  const msg = parseHostMessage(e.data);
  if (msg) onMessage(msg);
});
send({ type: 'ready' });
setInterval(() => drawStatus(), 1000);

function send(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function onMessage(msg: HostMessage): void {
  switch (msg.type) {
    case 'init':
      config = msg.config;
      mode = msg.mode;
      if (model.lineCap !== msg.lineCap) model = new PanelModel({ lineCap: msg.lineCap });
      if (saved.filter) applyFilter(saved.filter, false);
      titleEl.textContent = `${msg.config.logGroups.join(', ')} · ${msg.config.connectionLabel}`;
      patternInput.value = msg.config.filterPattern ?? '';
      searchBar.hidden = mode !== 'search';
      persist();
      break;
    case 'events':
      if (msg.position === 'start') model.prepend(msg.events);
      else model.ingest(msg.events);
      for (const e of msg.events) if (e.timestamp > lastTimestamp) lastTimestamp = e.timestamp;
      break;
    case 'status':
      status = msg.status;
      model.setSampled(msg.status.sampled);
      if (msg.status.mode === 'live' || msg.status.mode === 'polling') {
        if (mode !== 'live') {
          mode = 'live';
          search = undefined;
        }
      }
      break;
    case 'search':
      search = msg.state;
      mode = 'search';
      searchBar.hidden = false;
      startInput.value = toLocalInput(msg.state.start);
      endInput.value = toLocalInput(msg.state.end);
      break;
    case 'clear':
      model.clear();
      unfolded.clear();
      folded.clear();
      jsonFolds.clear();
      break;
    case 'notice':
      notice = { message: msg.message, level: msg.level };
      break;
  }
  persist();
  schedule();
}

function persist(): void {
  vscode.setState({ config, filter: model.getFilter(), lastTimestamp, follow, mode, ...(search ? { search: { start: search.start, end: search.end } } : {}) });
}

// ---- filter / pause / follow --------------------------------------------------------------------
function onFilterInput(): void {
  const filter: PanelFilter = {};
  if (filterInput.value.trim()) filter.text = filterInput.value;
  if (levelSelect.value) filter.minLevel = levelSelect.value as LogLevel;
  if (errorsOnly.checked) filter.errorsOnly = true;
  applyFilter(filter, true);
}

function applyFilter(filter: PanelFilter, fromUser: boolean): void {
  try {
    model.setFilter(filter);
    filterInput.classList.remove('invalid');
    filterInput.title = 'Filter lines (text, or /regex/); Ctrl+F';
  } catch (err) {
    filterInput.classList.add('invalid');
    filterInput.title = (err as Error).message;
    return;
  }
  if (!fromUser) {
    filterInput.value = filter.text ?? '';
    levelSelect.value = filter.minLevel ?? '';
    errorsOnly.checked = !!filter.errorsOnly;
  } else {
    send({ type: 'filterChanged', filter });
  }
  persist();
  schedule();
}

function togglePause(): void {
  if (model.paused) model.resume();
  else model.pause();
  pauseBtn.innerHTML = model.paused ? icon('debug-continue') + 'Resume' : icon('debug-pause') + 'Pause';
  pauseBtn.classList.toggle('on', model.paused);
  schedule();
}

function setFollow(on: boolean, scroll = true): void {
  follow = on;
  followBtn.classList.toggle('on', on);
  persist();
  if (on && scroll) list.scrollTop = list.scrollHeight;
}

function runSearch(): void {
  const start = fromLocalInput(startInput.value);
  const end = fromLocalInput(endInput.value);
  if (start === undefined || end === undefined || start >= end) {
    notice = { message: 'Pick a start time before the end time to search.', level: 'error' };
    schedule();
    return;
  }
  model.clear();
  send({ type: 'search', start, end });
}

// ---- drawing ------------------------------------------------------------------------------------
function schedule(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    draw(false);
  });
}

let rowTops: number[] = [];
let rowsDrawn: readonly PanelRow[] = [];

function rowHeight(row: PanelRow): number {
  if (row.type === 'group') return ROW_HEIGHT + 2;
  return isUnfolded(row.line) ? ROW_HEIGHT * shownBody(row.line).length : ROW_HEIGHT;
}

function draw(scrollOnly: boolean): void {
  const rows = model.rows();
  if (!scrollOnly || rows !== rowsDrawn) {
    if (model.version !== drawnVersion || rows !== rowsDrawn) layout(rows);
  }
  if (follow && !model.paused && !scrollOnly) list.scrollTop = list.scrollHeight;
  const top = list.scrollTop;
  const bottom = top + list.clientHeight;
  const first = Math.max(0, lowerBound(rowTops, top) - OVERSCAN);
  let last = first;
  while (last < rows.length && rowTops[last] < bottom) last++;
  last = Math.min(rows.length, last + OVERSCAN);
  const html: string[] = [];
  for (let i = first; i < last; i++) html.push(renderRow(rows[i], i, rowTops[i]));
  viewport.innerHTML = html.join('');
  // CSP forbids style attributes in markup; positions are set through the CSSOM instead.
  const children = viewport.children;
  for (let i = 0; i < children.length; i++) (children[i] as HTMLElement).style.transform = `translateY(${rowTops[first + i]}px)`;
  drawnVersion = model.version;
  drawStatus();
}

function layout(rows: readonly PanelRow[]): void {
  rowsDrawn = rows;
  rowTops = new Array(rows.length + 1);
  let y = 0;
  for (let i = 0; i < rows.length; i++) {
    rowTops[i] = y;
    y += rowHeight(rows[i]);
  }
  rowTops[rows.length] = y;
  spacer.style.height = `${y}px`;
}

function lowerBound(tops: number[], y: number): number {
  let lo = 0;
  let hi = Math.max(0, tops.length - 2);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function renderRow(row: PanelRow, index: number, _top: number): string {
  if (row.type === 'group') return renderGroup(row.group, row.lineCount, row.collapsed, index);
  const line = row.line;
  const level = line.level ? ` lvl-${line.level}` : '';
  const err = line.error || line.kind === 'timeout' ? ' err' : '';
  const kind = ` k-${line.kind}`;
  const body = bodyLines(line);
  const foldable = body.length > 1;
  const open = foldable && isUnfolded(line);
  const twisty = foldable ? `<span class="fold" data-fold="${line.seq}">${icon(open ? 'chevron-down' : 'chevron-right')}</span>` : '<span class="fold"></span>';
  // Folded: the line as logged (compact JSON stays on one line); unfolded: pretty-printed / every line.
  const firstRaw = line.text.split('\n', 1)[0];
  const rawLines = line.json !== undefined ? 0 : body.length - 1;
  const text = open
    ? renderBody(line)
    : escape(firstRaw) + (foldable ? ` <span class="more" data-fold="${line.seq}">${rawLines ? `+${rawLines} lines` : '{…}'}</span>` : '');
  const levelTag = line.level ? `<span class="level">${line.level}</span>` : '';
  return `<div class="row line${row.grouped ? ' grouped' : ''}${level}${err}${kind}${open ? ' open' : ''}" data-i="${index}">${twisty}<span class="ts">${time(line.timestamp)}</span>${levelTag}<span class="msg">${text}</span></div>`;
}

function renderGroup(g: InvocationGroup, count: number, collapsed: boolean, index: number): string {
  const r = g.report ?? {};
  const statusIcon =
    g.status === 'success'
      ? icon('pass', 'ok')
      : g.status === 'running'
        ? icon('loading', 'run codicon-modifier-spin')
        : g.status === 'timeout'
          ? icon('watch', 'bad')
          : icon('error', 'bad');
  const figures: string[] = [];
  if (r.durationMs !== undefined) figures.push(`<span class="fig" title="Duration">${icon('clock')}${fmtMs(r.durationMs)}</span>`);
  if (r.billedDurationMs !== undefined) figures.push(`<span class="fig" title="Billed duration">billed ${fmtMs(r.billedDurationMs)}</span>`);
  if (r.maxMemoryUsedMb !== undefined)
    figures.push(`<span class="fig" title="Max memory used / memory size">${icon('server')}${r.maxMemoryUsedMb}/${r.memorySizeMb ?? '?'} MB</span>`);
  if (r.initDurationMs !== undefined)
    figures.push(`<span class="fig cold" title="Cold start: init duration">${icon('snowflake')}init ${fmtMs(r.initDurationMs)}</span>`);
  if (r.restoreDurationMs !== undefined) figures.push(`<span class="fig cold" title="SnapStart restore duration">restore ${fmtMs(r.restoreDurationMs)}</span>`);
  if (g.errorType) figures.push(`<span class="fig bad">${escape(g.errorType)}</span>`);
  if (g.version && g.version !== '$LATEST') figures.push(`<span class="fig">v${escape(g.version)}</span>`);
  return `<div class="row group s-${g.status}" data-i="${index}" data-group="${escape(g.requestId)}">${icon(collapsed ? 'chevron-right' : 'chevron-down')}${statusIcon}<span class="ts">${time(g.firstTimestamp)}</span><span class="rid" title="Request id">${escape(g.requestId)}</span>${figures.join('')}<span class="count">${count} line${count === 1 ? '' : 's'}</span></div>`;
}

function drawStatus(): void {
  const s = model.stats();
  const parts: string[] = [];
  const modeText = mode === 'search' ? (search?.running ? 'searching…' : 'search results') : status.mode;
  parts.push(
    `<span class="mode m-${status.mode}">${icon(mode === 'search' ? 'search' : status.mode === 'live' ? 'broadcast' : status.mode === 'polling' ? 'sync' : status.mode === 'failed' ? 'error' : 'plug')}${escape(modeText)}</span>`,
  );
  if (mode === 'live') parts.push(`<span>${s.eventsPerSecond} events/s</span>`);
  parts.push(`<span>${s.lines} lines · ${s.groups} invocations</span>`);
  if (s.dropped) parts.push(`<span class="warn" title="Oldest lines dropped to stay under the line cap">${s.dropped} dropped</span>`);
  if (s.paused) parts.push(`<span class="warn">paused · ${s.pending} waiting</span>`);
  if (s.sampled) parts.push(`<span class="warn" title="More than 500 events per second matched: live tail shows a sample">${icon('warning')}sampled</span>`);
  if (status.reason && mode === 'live') parts.push(`<span class="reason">${escape(status.reason)}</span>`);
  if (status.mode === 'failed' && mode === 'live') parts.push(`<a href="#" class="retry" data-retry="1">${icon('refresh')}retry</a>`);
  if (search?.error) parts.push(`<span class="error">${escape(search.error)}</span>`);
  if (notice) parts.push(`<span class="${notice.level === 'error' ? 'error' : 'reason'}">${escape(notice.message)}</span>`);
  statusEl.innerHTML = parts.join('');
  olderBtn.disabled = !search || search.running || !search.canLoadOlder;
  newerBtn.disabled = !search || search.running || !search.canLoadNewer;
}

/** Folded JSON blocks inside unfolded lines: seq -> indexes of the body lines that open a folded block. */
const jsonFolds = new Map<number, Set<number>>();

interface BodyLine {
  text: string;
  index: number;
  /** Opens an object or array that spans more lines: it can fold. */
  opens: boolean;
  folded: boolean;
}

/** The body lines shown: a folded block shows as its opening line with the closing bracket appended. */
function shownBody(line: PanelLine): BodyLine[] {
  const body = bodyLines(line);
  const folds = jsonFolds.get(line.seq);
  const out: BodyLine[] = [];
  const isJson = line.json !== undefined;
  for (let i = 0; i < body.length; i++) {
    const text = body[i];
    const opens = isJson && /[[{]$/.test(text);
    if (opens && folds?.has(i)) {
      const close = closingLine(body, i);
      out.push({ text: `${text} … ${body[close].trim()}`, index: i, opens, folded: true });
      i = close;
    } else {
      out.push({ text, index: i, opens, folded: false });
    }
  }
  return out;
}

/** The line closing the block opened at `open`: the next line at the same indentation. */
function closingLine(body: string[], open: number): number {
  const indent = body[open].length - body[open].trimStart().length;
  for (let j = open + 1; j < body.length; j++) {
    const t = body[j];
    if (t.length - t.trimStart().length === indent && /^\s*[\]}]/.test(t)) return j;
  }
  return body.length - 1;
}

function renderBody(line: PanelLine): string {
  const json = line.json !== undefined;
  return shownBody(line)
    .map((b) => {
      const text = json ? highlightJson(escape(b.text)) : escape(b.text);
      return b.opens
        ? `<span class="jfold" data-jfold="${line.seq}:${b.index}">${b.folded ? '▸' : '▾'}</span>${text}`
        : json
          ? `<span class="jfold-pad"></span>${text}`
          : text;
    })
    .join('\n');
}

function onRowClick(e: MouseEvent): void {
  const target = e.target as HTMLElement;
  const jfold = target.closest('[data-jfold]') as HTMLElement | null;
  if (jfold?.dataset.jfold) {
    const [seq, index] = jfold.dataset.jfold.split(':').map(Number);
    const folds = jsonFolds.get(seq) ?? new Set<number>();
    if (folds.has(index)) folds.delete(index);
    else folds.add(index);
    jsonFolds.set(seq, folds);
    rowsDrawn = [];
    draw(false);
    return;
  }
  const fold = target.closest('[data-fold]') as HTMLElement | null;
  if (fold) {
    const seq = Number(fold.dataset.fold);
    const line = model.allLines().find((l) => l.seq === seq);
    if (line) {
      if (isUnfolded(line)) {
        unfolded.delete(seq);
        folded.add(seq);
      } else {
        folded.delete(seq);
        unfolded.add(seq);
      }
      rowsDrawn = [];
      draw(false);
    }
    return;
  }
  const group = target.closest('[data-group]') as HTMLElement | null;
  if (group && group.dataset.group && !window.getSelection()?.toString()) {
    model.toggleGroup(group.dataset.group);
    schedule();
  }
}

// ---- text helpers -------------------------------------------------------------------------------
const bodyCache = new WeakMap<PanelLine, string[]>();

function bodyLines(line: PanelLine): string[] {
  let body = bodyCache.get(line);
  if (!body) {
    const text =
      line.json !== undefined && line.text.trimStart().startsWith('{')
        ? JSON.stringify(line.json, null, 2)
        : line.json !== undefined
          ? jsonTail(line.text, line.json)
          : line.text;
    body = text.split('\n');
    bodyCache.set(line, body);
  }
  return body;
}

/** A runtime-prefixed line with a JSON body: the prefix stays on the first line, the body pretty-printed. */
function jsonTail(text: string, json: unknown): string {
  const brace = text.indexOf('{');
  return brace > 0 ? text.slice(0, brace) + JSON.stringify(json, null, 2) : JSON.stringify(json, null, 2);
}

function isUnfolded(line: PanelLine): boolean {
  if (unfolded.has(line.seq)) return true;
  if (folded.has(line.seq)) return false;
  // Errors and stack traces open by default: they are what one looks for.
  return !!line.error && line.text.includes('\n');
}

function visibleText(): string {
  const out: string[] = [];
  for (const row of model.rows()) {
    if (row.type === 'group') {
      const r = row.group.report;
      out.push(`── ${row.group.requestId} ${row.group.status}${r?.durationMs !== undefined ? ` ${r.durationMs} ms` : ''}`);
    } else {
      out.push(`${new Date(row.line.timestamp).toISOString()} ${row.line.text}`);
    }
  }
  return out.join('\n');
}

function highlightJson(escaped: string): string {
  // Runs over already-escaped text: quotes are &quot; here.
  return escaped.replace(/(&quot;(?:[^&]|&(?!quot;))*?&quot;)(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, str, colon, lit, num) => {
    if (str) return colon ? `<span class="j-key">${str}</span>${colon}` : `<span class="j-str">${str}</span>`;
    if (lit) return `<span class="j-lit">${lit}</span>`;
    if (num) return `<span class="j-num">${num}</span>`;
    return m;
  });
}

function icon(name: string, extra = ''): string {
  return `<i class="codicon codicon-${name}${extra ? ' ' + extra : ''}"></i>`;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

function time(ts: number): string {
  const d = new Date(ts);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms} ms`;
}

function toLocalInput(ts: number): string {
  const d = new Date(ts - new Date(ts).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

function fromLocalInput(v: string): number | undefined {
  if (!v) return undefined;
  const t = new Date(v).getTime();
  return Number.isFinite(t) ? t : undefined;
}
