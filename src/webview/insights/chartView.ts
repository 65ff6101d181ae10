/// <reference lib="dom" />
// The chart of a `stats ... by bin()` result, drawn with uPlot (small, fast canvas time series; the
// same library as the metrics panel). Colours come from the theme's CSS variables (the charts palette,
// foreground and border colours), read again when the theme changes.
import uPlot from 'uplot';
import type { ChartData } from './chart';

const PALETTE = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export class ChartView {
  private plot: uPlot | undefined;
  private data: ChartData | undefined;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(private readonly el: HTMLElement) {
    this.resize.observe(el);
    // A theme change rewrites the body's class: redraw with the new colours.
    new MutationObserver(() => this.data && this.show(this.data)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  show(data: ChartData | undefined): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.data = data;
    this.el.hidden = !data;
    if (!data) return;
    const fg = cssVar('--vscode-descriptionForeground', '#999');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const axis: uPlot.Axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(200, this.el.clientWidth),
      height: 220,
      cursor: { drag: { x: true, y: false } },
      legend: { show: true },
      scales: { x: { time: true } },
      // The results' times are UTC (as CloudWatch writes them): the axis says the same times.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: [axis, { ...axis, size: 60 }],
      series: [
        { label: 'Time (UTC)' },
        ...data.series.map((s, i) => ({
          label: s.label,
          stroke: cssVar(PALETTE[i % PALETTE.length], FALLBACK[i % FALLBACK.length]),
          width: 2,
          points: { show: data.x.length < 60 },
          spanGaps: false,
        })),
      ],
    };
    this.plot = new uPlot(opts, [data.x, ...data.series.map((s) => s.values)] as uPlot.AlignedData, this.el);
  }

  private fit(): void {
    if (this.plot && this.el.clientWidth > 0) this.plot.setSize({ width: this.el.clientWidth, height: 220 });
  }
}
