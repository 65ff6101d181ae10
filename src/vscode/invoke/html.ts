// The result panel's HTML: strict CSP (nothing remote; the script only with this page's nonce; style
// sheets only from the extension). The look is media/invoke.css (theme colours through VS Code's CSS
// variables); the page builds the rest. No vscode import: tested under node.
import { INVOKE_IDS } from '../../webview/invoke/protocol';
import { escapeHtml as esc, newNonce, webviewCsp } from '../webviewHtml';

export interface ResultPanelHtmlInput {
  cspSource: string;
  scriptUri: string;
  /** media/invoke.css as a webview URI. */
  styleUri: string;
  title: string;
}

export function resultPanelHtml(input: ResultPanelHtmlInput): string {
  const nonce = newNonce();
  const csp = webviewCsp(nonce, input.cspSource, { extensionStyleSheets: true });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(input.styleUri)}" nonce="${nonce}">
<title>${esc(input.title)}</title>
</head>
<body>
<main id="${INVOKE_IDS.root}"><div class="muted">Loading…</div></main>
<script nonce="${nonce}" src="${esc(input.scriptUri)}"></script>
</body>
</html>`;
}
