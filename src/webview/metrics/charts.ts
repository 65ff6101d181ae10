/// <reference lib="dom" />
// Draws the chart models with uPlot (canvas; ~50 KB; the cursor is synchronised across the charts):
// each chart with a title, the canvas, and a legend built with h() that shows the values at the
// cursor, or the range's figures (totals for counts, highest point otherwise) when the cursor is away.
// A click on a point reports its time slot (the page opens that slot's logs).
import uPlot from 'uplot';
import { h } from '../lib/dom';
import { formatValue, lonePoints, type ChartModel, type ChartSeries } from './model';
import type { Theme } from './theme';

const HEIGHT = 170;
/** Width of the right-hand (percent) axis. */
const RIGHT_AXIS = 50;

export interface DrawnChart {
  readonly plot: uPlot;
  readonly root: HTMLElement;
}

export interface ChartOptions {
  timestamps: number[];
  theme: Theme;
  width: number;
  /** A point was clicked: its slot index. */
  onPick(index: number): void;
}

function axis(theme: Theme, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: theme.foreground,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    ...extra,
  };
}

function seriesOptions(s: ChartSeries, theme: Theme): uPlot.Series {
  return {
    label: s.label,
    stroke: theme.series[s.color],
    width: 1.5,
    dash: s.dash,
    scale: s.unit === 'percent' ? '%' : 'y',
    spanGaps: false,
    points: {
      space: 6,
      fill: theme.series[s.color],
      // A point with a gap on both sides has no line: it is drawn as a dot so it is not lost.
      filter: (u: uPlot, si: number, show: boolean) => (show ? null : lonePoints(u.data[si] as (number | null)[])),
    },
  };
}

function legendItem(s: ChartSeries, theme: Theme): { el: HTMLElement; value: HTMLElement } {
  const swatch = h('i', { class: 'swatch' });
  // A dashed series (a second target) gets a dashed swatch, in the same colour as its line.
  if (s.dash.length) {
    swatch.classList.add('dashed');
    swatch.style.borderTopColor = theme.series[s.color];
  } else {
    swatch.style.backgroundColor = theme.series[s.color];
  }
  const value = h('span', { class: 'value' });
  const el = h(
    'span',
    { class: 'legend-item', 'data-metric': s.key, 'data-target': s.target, 'data-colour': theme.series[s.color] },
    swatch,
    h('span', { class: 'name' }, s.label),
    value,
  );
  return { el, value };
}

export function drawChart(host: HTMLElement, model: ChartModel, opts: ChartOptions): DrawnChart {
  const { theme } = opts;
  const when = h('span', { class: 'when' });
  const items = model.series.map((s) => legendItem(s, theme));
  const legend = h('div', { class: 'legend' }, when, ...items.map((i) => i.el));
  const canvasHost = h('div', { class: 'plot' });
  const root = h('section', { class: 'chart', 'data-chart': model.id }, h('h3', null, model.title), canvasHost, legend);
  host.append(root);
  const hasPercent = model.series.some((s) => s.unit === 'percent');

  const showLegend = (idx: number | null | undefined) => {
    if (idx === null || idx === undefined) {
      when.textContent = 'In range';
      items.forEach((it, i) => (it.value.textContent = formatValue(model.series[i].rangeValue, model.series[i].unit)));
      return;
    }
    when.textContent = new Date(opts.timestamps[idx] * 1000).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    items.forEach((it, i) => (it.value.textContent = formatValue(model.series[i].values[idx], model.series[i].unit)));
  };

  const options: uPlot.Options = {
    width: opts.width,
    height: HEIGHT,
    legend: { show: false },
    // Charts without the right-hand percent axis keep its room, so the time axes of all charts line up.
    ...(hasPercent ? {} : { padding: [null, RIGHT_AXIS, null, null] as uPlot.Padding }),
    cursor: { sync: { key: 'lambda-metrics' }, drag: { x: true, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] }, '%': { range: [0, 100] } },
    axes: [
      axis(theme),
      axis(theme, { scale: 'y', size: 50 }),
      ...(hasPercent ? [axis(theme, { scale: '%', side: 1, size: RIGHT_AXIS, grid: { show: false }, values: (_u, v) => v.map((x) => `${x}%`) })] : []),
    ],
    series: [{}, ...model.series.map((s) => seriesOptions(s, theme))],
    hooks: { setCursor: [(u) => showLegend(u.cursor.idx)] },
  };
  const data: uPlot.AlignedData = [opts.timestamps, ...model.series.map((s) => s.values)];
  const plot = new uPlot(options, data, canvasHost);
  showLegend(null);

  // A click (not the end of a drag-to-zoom) on a slot opens that slot's logs.
  let downX = 0;
  plot.over.addEventListener('mousedown', (e) => (downX = e.clientX));
  plot.over.addEventListener('click', (e) => {
    const idx = plot.cursor.idx;
    if (Math.abs(e.clientX - downX) < 4 && idx !== null && idx !== undefined) opts.onPick(idx);
  });
  plot.over.title = 'Click a point to open the logs of that time; drag to zoom, double-click to zoom out';
  return { plot, root };
}
