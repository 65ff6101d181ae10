// The log panel's HTML: a strict Content-Security-Policy (nothing remote, the script only with this
// page's nonce, style sheets and fonts only from the extension). The look is media/logs.css (theme
// colours through VS Code's CSS variables); the element ids are the protocol's, shared with the page.
import { LOG_IDS as ID } from '../../webview/logs/protocol';
import { webviewPage } from '../webviewHtml';

export interface PanelHtmlInput {
  cspSource: string;
  scriptUri: string;
  /** media/logs.css as a webview URI. */
  styleUri: string;
  codiconCssUri?: string;
  title: string;
}

export function panelHtml(input: PanelHtmlInput): string {
  return webviewPage({
    cspSource: input.cspSource,
    styleSheets: [input.codiconCssUri, input.styleUri],
    title: input.title,
    bodyClass: input.codiconCssUri ? undefined : 'no-codicons',
    scriptUri: input.scriptUri,
    body: `<div id="${ID.toolbar}" role="toolbar">
  <span id="${ID.title}" class="title"></span>
  <input id="${ID.filter}" type="search" placeholder="Filter (text or /regex/)" aria-label="Filter lines" title="Filter lines (text, or /regex/); Ctrl+F. Double-click a JSON line to open it in an editor.">
  <select id="${ID.level}" aria-label="Lowest level" title="Lowest level shown">
    <option value="">all levels</option><option value="DEBUG">debug+</option><option value="INFO">info+</option><option value="WARN">warn+</option><option value="ERROR">error+</option>
  </select>
  <label title="Only failed invocations and error lines"><input id="${ID.errorsOnly}" type="checkbox"> errors</label>
  <input id="${ID.pattern}" type="text" placeholder="Server filter pattern" aria-label="CloudWatch Logs filter pattern" title="CloudWatch Logs filter pattern, applied by the service (Enter to apply)">
  <button id="${ID.applyPattern}" data-label="Apply" aria-label="Apply" title="Apply the filter pattern (restarts the tail)"><i class="codicon codicon-filter"></i></button>
  <span class="sep"></span>
  <button id="${ID.pause}" title="Pause / resume (lines keep arriving and wait)"><i class="codicon codicon-debug-pause"></i>Pause</button>
  <button id="${ID.follow}" class="on" title="Follow: keep the newest line in view"><i class="codicon codicon-fold-down"></i>Follow</button>
  <button id="${ID.collapseAll}" data-label="Collapse" aria-label="Collapse" title="Collapse all invocations"><i class="codicon codicon-collapse-all"></i></button>
  <button id="${ID.expandAll}" data-label="Expand" aria-label="Expand" title="Expand all invocations"><i class="codicon codicon-expand-all"></i></button>
  <button id="${ID.copy}" data-label="Copy" aria-label="Copy" title="Copy the lines shown"><i class="codicon codicon-copy"></i></button>
  <button id="${ID.clear}" data-label="Clear" aria-label="Clear" title="Clear"><i class="codicon codicon-clear-all"></i></button>
  <button id="${ID.searchToggle}" data-label="Search…" aria-label="Search…" title="Search a past time range"><i class="codicon codicon-history"></i></button>
</div>
<div id="${ID.searchBar}" hidden>
  <label>from <input id="${ID.start}" type="datetime-local" step="1"></label>
  <label>to <input id="${ID.end}" type="datetime-local" step="1"></label>
  <button id="${ID.runSearch}"><i class="codicon codicon-search"></i>Search</button>
  <button id="${ID.older}" disabled><i class="codicon codicon-arrow-up"></i>Load older</button>
  <button id="${ID.newer}" disabled><i class="codicon codicon-arrow-down"></i>Load newer</button>
  <button id="${ID.live}" title="Back to the live tail"><i class="codicon codicon-broadcast"></i>Live</button>
</div>
<div id="${ID.list}" tabindex="0" role="log" aria-live="off"><div id="${ID.spacer}"></div><div id="${ID.rows}"></div></div>
<div id="${ID.status}" role="status"></div>`,
  });
}
