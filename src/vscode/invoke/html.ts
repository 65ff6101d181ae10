// The result panel's HTML: strict CSP (nothing remote; script and style only with this page's nonce),
// theme colours through VS Code's CSS variables. No vscode import: tested under node.
import { escapeHtml as esc, newNonce, webviewCsp } from '../webviewHtml';

export function resultPanelHtml(input: { cspSource: string; scriptUri: string; title: string }): string {
  const nonce = newNonce();
  const csp = webviewCsp(nonce, input.cspSource);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(input.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main id="root"><div class="muted">Loading…</div></main>
<script nonce="${nonce}" src="${esc(input.scriptUri)}"></script>
</body>
</html>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; border-bottom: 1px solid var(--vscode-panel-border); padding: 8px 0; }
h2 { font-size: 1.2em; margin: 0; }
h3 { font-size: 1em; margin: 16px 0 6px; color: var(--vscode-descriptionForeground); }
.mono, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; max-height: 60vh; white-space: pre-wrap; word-break: break-all; margin: 0; }
.meta, .muted { color: var(--vscode-descriptionForeground); }
.actions { display: flex; gap: 6px; margin-left: auto; flex-wrap: wrap; }
section .actions { margin: 6px 0 0; }
button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible, a:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
a { color: var(--vscode-textLink-foreground); text-decoration: none; cursor: pointer; }
a:hover { text-decoration: underline; }
.status { display: flex; gap: 12px; align-items: center; margin: 12px 0 4px; flex-wrap: wrap; }
.badge { font-weight: 600; padding: 2px 8px; border: 1px solid currentColor; }
.status.success .badge, .status.accepted .badge, .status.dryRun .badge { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.status.functionError .badge, .status.failed .badge { color: var(--vscode-errorForeground); }
.failure { color: var(--vscode-errorForeground); margin: 8px 0; white-space: pre-wrap; }
.running { color: var(--vscode-descriptionForeground); margin: 8px 0; }
.report { display: flex; gap: 24px; margin: 12px 0; flex-wrap: wrap; }
.figure { display: flex; flex-direction: column; }
.figure .label { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.figure .value { font-size: 1.2em; font-variant-numeric: tabular-nums; }
.error h3 { color: var(--vscode-errorForeground); }
.error .message { white-space: pre-wrap; margin-bottom: 6px; }
.frames { margin: 0; padding-left: 24px; }
.history ul { list-style: none; padding: 0; margin: 0; }
.history li { display: flex; gap: 8px; align-items: center; padding: 2px 0; }
.history li.current a { font-weight: 600; }
.history li button { padding: 1px 6px; }
`;
