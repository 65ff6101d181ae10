// The metrics panel's HTML: the one strict Content-Security-Policy of the webviews (nothing remote,
// the script only with this page's nonce, style sheets only from the extension: uPlot's and
// media/metrics.css). The element ids are the protocol's, shared with the page.
import { METRIC_IDS as ID } from '../../webview/metrics/protocol';
import { webviewPage } from '../webviewHtml';

export interface MetricsHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  uplotCssUri: string;
  codiconCssUri?: string;
  title: string;
}

export function metricsHtml(input: MetricsHtmlInput): string {
  return webviewPage({
    cspSource: input.cspSource,
    styleSheets: [input.codiconCssUri, input.uplotCssUri, input.styleUri],
    title: input.title,
    bodyClass: input.codiconCssUri ? undefined : 'no-codicons',
    scriptUri: input.scriptUri,
    body: `<div id="toolbar" role="toolbar">
  <span id="${ID.title}" class="title"></span>
  <label>Range <select id="${ID.range}" aria-label="Time range">
    <option value="1h">1 hour</option><option value="3h">3 hours</option><option value="12h">12 hours</option><option value="1d">1 day</option><option value="1w">1 week</option><option value="custom">Custom…</option>
  </select></label>
  <span id="${ID.customRange}" hidden>
    <input id="${ID.start}" type="datetime-local" step="60" aria-label="From">
    <input id="${ID.end}" type="datetime-local" step="60" aria-label="To">
    <button id="${ID.applyRange}" title="Show this range">Apply</button>
  </span>
  <label>Period <select id="${ID.period}" aria-label="Period">
    <option value="auto">auto</option><option value="60">1 min</option><option value="300">5 min</option><option value="3600">1 hour</option>
  </select></label>
  <label>Duration <select id="${ID.duration}" aria-label="Duration statistics">
    <option value="percentiles">p50 / p90 / p99</option><option value="avgmax">average / max</option>
  </select></label>
  <label>Auto refresh <select id="${ID.refresh}" aria-label="Auto refresh">
    <option value="0">off</option><option value="10000">10 s</option><option value="60000">1 min</option>
  </select></label>
  <button id="${ID.reload}" data-label="Refresh" aria-label="Refresh" title="Refresh now"><i class="codicon codicon-refresh"></i></button>
</div>
<div id="${ID.series}" class="series" role="group" aria-label="Series"></div>
<div id="${ID.notice}" role="alert" hidden></div>
<div id="${ID.charts}"></div>
<div id="${ID.status}" role="status"></div>`,
  });
}
