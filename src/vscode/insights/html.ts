// The Logs Insights panel's HTML: the strict Content-Security-Policy of every page (nothing remote,
// the script only with this page's nonce, style sheets only from the extension: media/insights.css,
// uPlot's stylesheet and the codicons). The element ids are the protocol's, shared with the page.
import { INSIGHTS_IDS as ID } from '../../webview/insights/protocol';
import { webviewPage } from '../webviewHtml';

export interface InsightsHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  chartStyleUri?: string;
  codiconCssUri?: string;
  title: string;
}

export function insightsHtml(input: InsightsHtmlInput): string {
  return webviewPage({
    cspSource: input.cspSource,
    styleSheets: [input.codiconCssUri, input.chartStyleUri, input.styleUri],
    title: input.title,
    bodyClass: input.codiconCssUri ? undefined : 'no-codicons',
    scriptUri: input.scriptUri,
    body: `<div id="${ID.toolbar}" role="toolbar">
  <span id="${ID.title}" class="title"></span>
  <select id="${ID.range}" aria-label="Time range" title="Time range"></select>
  <span id="${ID.customRange}" hidden>
    <label>from <input id="${ID.start}" type="datetime-local" step="1"></label>
    <label>to <input id="${ID.end}" type="datetime-local" step="1"></label>
  </span>
  <select id="${ID.samples}" aria-label="Sample queries" title="Sample queries for Lambda"></select>
  <select id="${ID.saved}" aria-label="Saved queries" title="Saved queries (.lambda-workbench/queries/*.cwlq)"></select>
  <button id="${ID.save}" title="Save the query in .lambda-workbench/queries/"><i class="codicon codicon-save"></i>Save…</button>
  <span class="sep"></span>
  <button id="${ID.run}" class="primary" title="Run the query (Ctrl+Enter)"><i class="codicon codicon-play"></i>Run</button>
  <button id="${ID.cancel}" title="Cancel the running query (StopQuery)" disabled><i class="codicon codicon-debug-stop"></i>Cancel</button>
</div>
<datalist id="${ID.groupList}"></datalist>
<div id="${ID.groups}" class="groups" aria-label="Log groups"><input id="${ID.groupInput}" list="${ID.groupList}" aria-label="Add a log group" autocomplete="off"></div>
<div id="${ID.editor}" class="editor">
  <pre id="${ID.highlight}" aria-hidden="true"></pre>
  <textarea id="${ID.query}" spellcheck="false" autocomplete="off" aria-label="Logs Insights query (Ctrl+Space completes, Ctrl+Enter runs)" rows="5"></textarea>
  <ul id="${ID.completions}" class="completions" role="listbox" hidden></ul>
</div>
<div id="${ID.progress}" role="status"></div>
<div id="${ID.error}" role="alert" hidden></div>
<div id="${ID.chart}" hidden></div>
<div id="${ID.resultBar}" hidden>
  <span class="count"></span>
  <button id="${ID.copyCsv}" title="Copy the rows as CSV"><i class="codicon codicon-copy"></i>Copy CSV</button>
  <button id="${ID.copyJson}" title="Copy the rows as JSON"><i class="codicon codicon-json"></i>Copy JSON</button>
</div>
<div id="${ID.results}" tabindex="0"></div>`,
  });
}
