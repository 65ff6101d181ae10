// The log panel's HTML: a strict Content-Security-Policy (nothing remote, scripts and styles only with
// this page's nonce, fonts only from the extension), theme colours through VS Code's CSS variables.
import { escapeHtml as esc, newNonce, webviewCsp } from '../webviewHtml';

export interface PanelHtmlInput {
  cspSource: string;
  scriptUri: string;
  codiconCssUri?: string;
  title: string;
}

export function panelHtml(input: PanelHtmlInput): string {
  const nonce = newNonce();
  // Style sheets from the extension: the codicon font's CSS.
  const csp = webviewCsp(nonce, input.cspSource, { extensionStyleSheets: true });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${input.codiconCssUri ? `<link rel="stylesheet" href="${esc(input.codiconCssUri)}" nonce="${nonce}">` : ''}
<title>${esc(input.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body${input.codiconCssUri ? '' : ' class="no-codicons"'}>
<div id="toolbar" role="toolbar">
  <span id="title" class="title"></span>
  <input id="filter" type="search" placeholder="Filter (text or /regex/)" aria-label="Filter lines" title="Filter lines (text, or /regex/); Ctrl+F. Double-click a JSON line to open it in an editor.">
  <select id="level" aria-label="Lowest level" title="Lowest level shown">
    <option value="">all levels</option><option value="DEBUG">debug+</option><option value="INFO">info+</option><option value="WARN">warn+</option><option value="ERROR">error+</option>
  </select>
  <label title="Only failed invocations and error lines"><input id="errorsOnly" type="checkbox"> errors</label>
  <input id="pattern" type="text" placeholder="Server filter pattern" aria-label="CloudWatch Logs filter pattern" title="CloudWatch Logs filter pattern, applied by the service (Enter to apply)">
  <button id="applyPattern" data-label="Apply" aria-label="Apply" title="Apply the filter pattern (restarts the tail)"><i class="codicon codicon-filter"></i></button>
  <span class="sep"></span>
  <button id="pause" title="Pause / resume (lines keep arriving and wait)"><i class="codicon codicon-debug-pause"></i>Pause</button>
  <button id="follow" class="on" title="Follow: keep the newest line in view"><i class="codicon codicon-fold-down"></i>Follow</button>
  <button id="collapseAll" data-label="Collapse" aria-label="Collapse" title="Collapse all invocations"><i class="codicon codicon-collapse-all"></i></button>
  <button id="expandAll" data-label="Expand" aria-label="Expand" title="Expand all invocations"><i class="codicon codicon-expand-all"></i></button>
  <button id="copy" data-label="Copy" aria-label="Copy" title="Copy the lines shown"><i class="codicon codicon-copy"></i></button>
  <button id="clear" data-label="Clear" aria-label="Clear" title="Clear"><i class="codicon codicon-clear-all"></i></button>
  <button id="searchToggle" data-label="Search…" aria-label="Search…" title="Search a past time range"><i class="codicon codicon-history"></i></button>
</div>
<div id="searchBar" hidden>
  <label>from <input id="start" type="datetime-local" step="1"></label>
  <label>to <input id="end" type="datetime-local" step="1"></label>
  <button id="runSearch"><i class="codicon codicon-search"></i>Search</button>
  <button id="older" disabled><i class="codicon codicon-arrow-up"></i>Load older</button>
  <button id="newer" disabled><i class="codicon codicon-arrow-down"></i>Load newer</button>
  <button id="live" title="Back to the live tail"><i class="codicon codicon-broadcast"></i>Live</button>
</div>
<div id="list" tabindex="0" role="log" aria-live="off"><div id="spacer"></div><div id="rows"></div></div>
<div id="status" role="status"></div>
<script nonce="${nonce}" src="${esc(input.scriptUri)}"></script>
</body>
</html>`;
}

const STYLE = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
[hidden] { display: none !important; }
body { display: flex; flex-direction: column; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
#toolbar, #searchBar { display: flex; gap: 4px; align-items: center; padding: 4px 6px; border-bottom: 1px solid var(--vscode-panel-border, transparent); flex-wrap: wrap; }
#toolbar .title { font-weight: 600; margin-right: 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 30ch; }
.sep { flex: 1; }
input, select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; font: inherit; }
input.invalid { border-color: var(--vscode-inputValidation-errorBorder); }
#filter { width: 22ch; } #pattern { width: 20ch; }
button { display: inline-flex; align-items: center; gap: 3px; background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 6px; cursor: pointer; font: inherit; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button.on { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button:disabled { opacity: 0.5; cursor: default; }
#list { flex: 1; overflow-y: auto; position: relative; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); outline: none; }
#spacer { width: 1px; }
#rows { position: absolute; top: 0; left: 0; right: 0; }
.row { position: absolute; left: 0; right: 0; line-height: 20px; white-space: pre; overflow: hidden; text-overflow: ellipsis; padding-left: 4px; }
.row.open { white-space: pre; }
.row.grouped { padding-left: 22px; }
.row.group { height: 22px; line-height: 22px; cursor: pointer; background: var(--vscode-sideBarSectionHeader-background, var(--vscode-editorWidget-background)); border-top: 1px solid var(--vscode-panel-border, transparent); display: flex; gap: 8px; align-items: center; }
.row.group:hover { background: var(--vscode-list-hoverBackground); }
.row.line:hover { background: var(--vscode-list-hoverBackground); }
.rid { color: var(--vscode-textLink-foreground); }
.fig { color: var(--vscode-descriptionForeground); display: inline-flex; gap: 2px; align-items: center; }
.fig.cold { color: var(--vscode-charts-blue); }
.count { color: var(--vscode-descriptionForeground); margin-left: auto; padding-right: 8px; }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.bad, .err .msg, .error { color: var(--vscode-errorForeground); }
.run { color: var(--vscode-descriptionForeground); }
.ts { color: var(--vscode-descriptionForeground); margin-right: 8px; }
.level { display: inline-block; min-width: 6ch; margin-right: 6px; font-weight: 600; }
.lvl-ERROR .level, .lvl-FATAL .level, .lvl-ERROR .msg, .lvl-FATAL .msg { color: var(--vscode-errorForeground); }
.lvl-WARN .level, .lvl-WARN .msg { color: var(--vscode-editorWarning-foreground); }
.lvl-DEBUG .level, .lvl-TRACE .level, .lvl-DEBUG .msg, .lvl-TRACE .msg { color: var(--vscode-descriptionForeground); }
.lvl-INFO .level { color: var(--vscode-charts-blue); }
.k-start .msg, .k-end .msg, .k-init .msg, .k-platform .msg { color: var(--vscode-descriptionForeground); }
.k-report .msg { color: var(--vscode-charts-purple); }
.fold { display: inline-block; width: 16px; cursor: pointer; }
.more { color: var(--vscode-textLink-foreground); cursor: pointer; }
.jfold { display: inline-block; width: 14px; cursor: pointer; color: var(--vscode-descriptionForeground); }
.jfold-pad { display: inline-block; width: 14px; }
.j-key { color: var(--vscode-symbolIcon-propertyForeground, var(--vscode-charts-blue)); }
.j-str { color: var(--vscode-debugTokenExpression-string, var(--vscode-charts-orange)); }
.j-num { color: var(--vscode-debugTokenExpression-number, var(--vscode-charts-green)); }
.j-lit { color: var(--vscode-debugTokenExpression-boolean, var(--vscode-charts-purple)); }
#status { display: flex; gap: 12px; padding: 2px 8px; border-top: 1px solid var(--vscode-panel-border, transparent); color: var(--vscode-descriptionForeground); white-space: nowrap; overflow: hidden; }
#status .warn { color: var(--vscode-editorWarning-foreground); }
#status .reason { overflow: hidden; text-overflow: ellipsis; }
.mode { display: inline-flex; gap: 3px; align-items: center; }
.m-live { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.m-failed { color: var(--vscode-errorForeground); }
.retry { color: var(--vscode-textLink-foreground); display: inline-flex; gap: 3px; align-items: center; }
.codicon { font-size: 14px; }
/* Without the codicon font (not shipped in this build), icon-only buttons show words instead. */
.no-codicons .codicon { display: none; }
.no-codicons button[data-label]::after { content: attr(data-label); }
`;
