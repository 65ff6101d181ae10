// The log panel's page: draws the PanelModel as a virtualised list (./list), keeps the toolbar
// (./toolbar) and the status bar (./status) in step, and talks to the extension through postMessage
// with the messages of ./protocol. Everything it receives is validated; nothing is fetched.
import { PanelModel, type PanelFilter } from '../../logs/model';
import type { TailStatus } from '../../logs/types';
import { byId } from '../lib/dom';
import { isRecord } from '../lib/guards';
import { Folds } from './folds';
import { LogList } from './list';
import { isConfig, LOG_IDS, parseHostMessage, type HostMessage, type PanelConfig, type SearchState, type WebviewMessage } from './protocol';
import { statusParts } from './status';
import { Toolbar } from './toolbar';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
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
const saved = savedState(vscode.getState());

let model = new PanelModel({ lineCap: 20_000 });
let config: PanelConfig | undefined = saved.config;
let mode: 'live' | 'search' = saved.mode ?? 'live';
let follow = saved.follow ?? true;
let status: TailStatus = { mode: 'connecting', sampled: false };
let search: SearchState | undefined;
let lastTimestamp = saved.lastTimestamp ?? 0;
let notice: { message: string; level: 'info' | 'error' } | undefined;

const bar = new Toolbar();
const folds = new Folds();
const listEl = byId(LOG_IDS.list);
const viewport = byId(LOG_IDS.rows);
const statusEl = byId(LOG_IDS.status);
const list = new LogList(listEl, byId(LOG_IDS.spacer), viewport, folds, { model: () => model, following: () => follow, drawn: () => drawStatus() });

if (saved.filter) applyFilter(saved.filter, false);

bar.filter.addEventListener('input', () => applyFilter(bar.readFilter(), true));
bar.level.addEventListener('change', () => applyFilter(bar.readFilter(), true));
bar.errorsOnly.addEventListener('change', () => applyFilter(bar.readFilter(), true));
bar.pattern.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') send({ type: 'setPattern', pattern: bar.pattern.value.trim() });
});
onClick(LOG_IDS.applyPattern, () => send({ type: 'setPattern', pattern: bar.pattern.value.trim() }));
onClick(LOG_IDS.pause, () => togglePause());
onClick(LOG_IDS.follow, () => setFollow(!follow));
onClick(LOG_IDS.clear, () => {
  clearLines();
  list.schedule();
});
onClick(LOG_IDS.copy, () => send({ type: 'copy', text: visibleText() }));
onClick(LOG_IDS.collapseAll, () => {
  model.setAllCollapsed(true);
  list.schedule();
});
onClick(LOG_IDS.expandAll, () => {
  model.setAllCollapsed(false);
  list.schedule();
});
onClick(LOG_IDS.searchToggle, () => bar.toggleSearchBar());
onClick(LOG_IDS.runSearch, () => runSearch());
onClick(LOG_IDS.live, () => send({ type: 'live' }));
onClick(LOG_IDS.older, () => send({ type: 'loadOlder' }));
onClick(LOG_IDS.newer, () => send({ type: 'loadNewer' }));
listEl.addEventListener('scroll', () => {
  // Scrolling up leaves follow mode; reaching the bottom again re-enters it.
  const atBottom = list.atBottom();
  if (follow !== atBottom) setFollow(atBottom, false);
  list.draw(true);
});
window.addEventListener('resize', () => list.draw(true));
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
  const r = list.rowAt(e.target as HTMLElement);
  if (r?.type === 'line' && r.line.json !== undefined) send({ type: 'openJson', text: JSON.stringify(r.line.json, null, 2) });
});
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
    e.preventDefault();
    bar.filter.focus();
    bar.filter.select();
  } else if (e.key === 'Escape' && document.activeElement === bar.filter) {
    bar.filter.value = '';
    applyFilter(bar.readFilter(), true);
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

function onClick(id: string, handler: () => void): void {
  byId(id).addEventListener('click', handler);
}

function onMessage(msg: HostMessage): void {
  switch (msg.type) {
    case 'init':
      config = msg.config;
      mode = msg.mode;
      if (model.lineCap !== msg.lineCap) model = new PanelModel({ lineCap: msg.lineCap });
      if (saved.filter) applyFilter(saved.filter, false);
      bar.title.textContent = `${msg.config.logGroups.join(', ')} · ${msg.config.connectionLabel}`;
      bar.pattern.value = msg.config.filterPattern ?? '';
      bar.searchBar.hidden = mode !== 'search';
      break;
    case 'events':
      if (msg.position === 'start') model.prepend(msg.events);
      else model.ingest(msg.events);
      for (const e of msg.events) if (e.timestamp > lastTimestamp) lastTimestamp = e.timestamp;
      break;
    case 'status':
      status = msg.status;
      model.setSampled(msg.status.sampled);
      if ((msg.status.mode === 'live' || msg.status.mode === 'polling') && mode !== 'live') {
        mode = 'live';
        search = undefined;
      }
      break;
    case 'search':
      search = msg.state;
      mode = 'search';
      bar.showSearchRange(msg.state);
      break;
    case 'clear':
      clearLines();
      break;
    case 'notice':
      notice = { message: msg.message, level: msg.level };
      break;
  }
  persist();
  list.schedule();
}

function persist(): void {
  vscode.setState({ config, filter: model.getFilter(), lastTimestamp, follow, mode, ...(search ? { search: { start: search.start, end: search.end } } : {}) });
}

/** The state saved before a reload, kept only where it is well-formed (it is read back as input). */
function savedState(raw: unknown): SavedState {
  if (!isRecord(raw)) return {};
  const s: SavedState = {};
  if (isConfig(raw.config)) s.config = raw.config;
  if (isRecord(raw.filter)) s.filter = raw.filter as PanelFilter;
  if (typeof raw.lastTimestamp === 'number' && Number.isFinite(raw.lastTimestamp)) s.lastTimestamp = raw.lastTimestamp;
  if (typeof raw.follow === 'boolean') s.follow = raw.follow;
  if (raw.mode === 'live' || raw.mode === 'search') s.mode = raw.mode;
  return s;
}

function clearLines(): void {
  model.clear();
  folds.clear();
}

/** Applies a filter from the inputs (and tells the host) or from the saved state (and shows it). */
function applyFilter(filter: PanelFilter, fromUser: boolean): void {
  try {
    model.setFilter(filter);
    bar.markFilter(undefined);
  } catch (err) {
    bar.markFilter((err as Error).message);
    return;
  }
  if (fromUser) send({ type: 'filterChanged', filter });
  else bar.showFilter(filter);
  persist();
  list.schedule();
}

function togglePause(): void {
  if (model.paused) model.resume();
  else model.pause();
  bar.showPaused(model.paused);
  list.schedule();
}

function setFollow(on: boolean, scroll = true): void {
  follow = on;
  bar.showFollow(on);
  persist();
  if (on && scroll) list.scrollToEnd();
}

function runSearch(): void {
  const range = bar.readSearchRange();
  if (!range) {
    notice = { message: 'Pick a start time before the end time to search.', level: 'error' };
    list.schedule();
    return;
  }
  model.clear();
  send({ type: 'search', ...range });
}

function drawStatus(): void {
  statusEl.replaceChildren(...statusParts({ stats: model.stats(), mode, status, search, notice }));
  bar.showPaging(search);
}

function onRowClick(e: MouseEvent): void {
  const target = e.target as HTMLElement;
  const jfold = target.closest('[data-jfold]') as HTMLElement | null;
  if (jfold?.dataset.jfold) {
    const [seq, index] = jfold.dataset.jfold.split(':').map(Number);
    folds.toggleJson(seq, index);
    list.relayout();
    return;
  }
  const fold = target.closest('[data-fold]') as HTMLElement | null;
  if (fold) {
    const seq = Number(fold.dataset.fold);
    const line = model.allLines().find((l) => l.seq === seq);
    if (line) {
      folds.toggleLine(line);
      list.relayout();
    }
    return;
  }
  const group = target.closest('[data-group]') as HTMLElement | null;
  if (group && group.dataset.group && !window.getSelection()?.toString()) {
    model.toggleGroup(group.dataset.group);
    list.schedule();
  }
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
