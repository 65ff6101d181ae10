/// <reference lib="dom" />
// The metrics panel's page: the toolbar (range, custom range, period, duration statistics, auto
// refresh), the series checkboxes (the function, its aliases and versions), and the charts (./charts)
// of the last data the host sent. It asks the host for data with the messages of ./protocol, and
// redraws on resize and when the theme changes. Everything it receives is validated.
import { byId, h } from '../lib/dom';
import { fromLocalInput, toLocalInput } from '../logs/text';
import { drawChart, type DrawnChart } from './charts';
import { chartModels } from './model';
import {
  METRIC_IDS as ID,
  parseHostMessage,
  type HostMessage,
  type MetricsView,
  type PanelQuery,
  type Qualifier,
  type RangeKey,
  type RefreshMs,
  type WebviewMessage,
} from './protocol';
import { onThemeChange, readTheme } from './theme';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const title = byId(ID.title);
const range = byId<HTMLSelectElement>(ID.range);
const customRange = byId(ID.customRange);
const start = byId<HTMLInputElement>(ID.start);
const end = byId<HTMLInputElement>(ID.end);
const period = byId<HTMLSelectElement>(ID.period);
const duration = byId<HTMLSelectElement>(ID.duration);
const refresh = byId<HTMLSelectElement>(ID.refresh);
const seriesEl = byId(ID.series);
const notice = byId(ID.notice);
const chartsEl = byId(ID.charts);
const statusEl = byId(ID.status);

let query: PanelQuery = { range: '1h', period: 'auto', duration: 'percentiles', all: true, qualifiers: [] };
let data: Extract<HostMessage, { type: 'data' }> | undefined;
let charts: DrawnChart[] = [];
let loading = false;

function send(m: WebviewMessage): void {
  vscode.postMessage(m);
}

function ask(next: Partial<PanelQuery>): void {
  query = { ...query, ...next };
  send({ type: 'query', query });
}

range.addEventListener('change', () => {
  const key = range.value as RangeKey;
  customRange.hidden = key !== 'custom';
  if (key === 'custom') {
    if (!start.value) {
      const now = Date.now();
      start.value = toLocalInput(now - 3_600_000).slice(0, 16);
      end.value = toLocalInput(now).slice(0, 16);
    }
    return;
  }
  ask({ range: key, start: undefined, end: undefined });
});
byId(ID.applyRange).addEventListener('click', () => {
  const s = fromLocalInput(start.value);
  const e = fromLocalInput(end.value);
  if (s === undefined || e === undefined || s >= e) {
    showNotice('Pick a start time before the end time.', 'error');
    return;
  }
  ask({ range: 'custom', start: s, end: e });
});
period.addEventListener('change', () => ask({ period: period.value === 'auto' ? 'auto' : (Number(period.value) as PanelQuery['period']) }));
duration.addEventListener('change', () => ask({ duration: duration.value === 'avgmax' ? 'avgmax' : 'percentiles' }));
refresh.addEventListener('change', () => {
  send({ type: 'refresh', everyMs: Number(refresh.value) as RefreshMs });
  drawStatus();
});
byId(ID.reload).addEventListener('click', () => send({ type: 'query', query }));
seriesEl.addEventListener('change', () => {
  const boxes = Array.from(seriesEl.querySelectorAll<HTMLInputElement>('input[type=checkbox]'));
  ask({
    all: boxes.some((b) => b.checked && b.dataset.all !== undefined),
    qualifiers: boxes.filter((b) => b.checked && b.dataset.qualifier).map((b) => b.dataset.qualifier!),
  });
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  if (resizeTimer) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const c of charts) c.plot.setSize({ width: chartWidth(), height: c.plot.height });
  }, 100);
});
onThemeChange(() => draw());

window.addEventListener('message', (e: MessageEvent) => {
  const msg = parseHostMessage(e.data);
  if (msg) onMessage(msg);
});
send({ type: 'ready' });

function onMessage(msg: HostMessage): void {
  switch (msg.type) {
    case 'init':
      query = msg.query;
      title.textContent = `${msg.functionName} · ${msg.connectionLabel}`;
      showQuery(msg.refreshMs);
      drawSeriesChoices(msg.qualifiers, msg.qualifiersError);
      return;
    case 'loading':
      loading = true;
      drawStatus();
      return;
    case 'data':
      loading = false;
      data = msg;
      hideNotice();
      if (msg.note) showNotice(msg.note, 'info');
      draw();
      return;
    case 'error':
      loading = false;
      showNotice(msg.message, 'error');
      drawStatus();
      return;
  }
}

function showQuery(refreshMs: RefreshMs): void {
  range.value = query.range;
  customRange.hidden = query.range !== 'custom';
  if (query.range === 'custom' && query.start !== undefined && query.end !== undefined) {
    start.value = toLocalInput(query.start).slice(0, 16);
    end.value = toLocalInput(query.end).slice(0, 16);
  }
  period.value = String(query.period);
  duration.value = query.duration;
  refresh.value = String(refreshMs);
}

function drawSeriesChoices(qualifiers: Qualifier[], error: string | undefined): void {
  const box = (label: string, checked: boolean, attrs: Record<string, string>, tip?: string) =>
    h('label', { class: 'choice', title: tip }, h('input', { type: 'checkbox', checked, ...attrs }), label);
  seriesEl.replaceChildren(
    h('span', { class: 'choices-title' }, 'Series:'),
    box('All versions', query.all, { 'data-all': '' }, 'The function as a whole (FunctionName dimension)'),
    ...qualifiers.map((q) =>
      box(
        q.kind === 'alias' ? q.name : `v${q.name}`,
        query.qualifiers.includes(q.name),
        { 'data-qualifier': q.name },
        `${q.kind === 'alias' ? 'Alias' : 'Version'} ${q.name}${q.detail ? `: ${q.detail}` : ''} (Resource dimension)`,
      ),
    ),
    ...(error ? [h('span', { class: 'choices-error', title: error }, 'aliases and versions unavailable')] : []),
  );
}

function chartWidth(): number {
  return Math.max(300, chartsEl.clientWidth - 24);
}

function draw(): void {
  for (const c of charts) c.plot.destroy();
  charts = [];
  chartsEl.replaceChildren();
  drawStatus();
  if (!data) return;
  if (data.empty) {
    chartsEl.append(
      h('div', { class: 'empty' }, h('p', null, 'No invocations in this range.'), h('p', { class: 'hint' }, 'Invoke the function, or pick a longer range.')),
    );
    return;
  }
  const theme = readTheme();
  const view: MetricsView = data.view;
  for (const model of chartModels(view, data.labels)) {
    if (!model.series.length) continue;
    charts.push(
      drawChart(chartsEl, model, {
        timestamps: view.timestamps,
        theme,
        width: chartWidth(),
        onPick: (i) => {
          const t = view.timestamps[i] * 1000;
          send({ type: 'openLogs', start: t, end: t + view.period * 1000 });
        },
      }),
    );
  }
}

function drawStatus(): void {
  const parts: string[] = [];
  if (loading) parts.push('Loading…');
  if (data) {
    const p = data.view.period;
    parts.push(
      `Period ${p % 3600 === 0 ? `${p / 3600} h` : p % 60 === 0 ? `${p / 60} min` : `${p} s`}`,
      `${data.view.timestamps.length} points`,
      `updated ${new Date(data.fetchedAt).toLocaleTimeString()}`,
    );
    for (const m of data.view.messages) parts.push(m);
  }
  if (refresh.value !== '0') parts.push(`auto refresh every ${refresh.value === '10000' ? '10 s' : '1 min'}`);
  statusEl.textContent = parts.join(' · ');
}

function showNotice(message: string, level: 'info' | 'error'): void {
  notice.hidden = false;
  notice.className = level;
  notice.textContent = message;
}

function hideNotice(): void {
  notice.hidden = true;
  notice.textContent = '';
}
