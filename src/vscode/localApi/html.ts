// The request panel's HTML: strict CSP (nothing remote; the script only with this page's nonce; style
// sheets only from the extension; images also as data: URLs, for a response shown as an image). The
// look is media/request.css (theme colours through VS Code's CSS variables). No vscode import.
import { REQUEST_IDS } from '../../webview/request/protocol';
import { escapeHtml as esc, newNonce, webviewCsp } from '../webviewHtml';

export interface RequestPanelHtmlInput {
  cspSource: string;
  scriptUri: string;
  /** media/request.css as a webview URI. */
  styleUri: string;
  title: string;
}

export function requestPanelHtml(input: RequestPanelHtmlInput): string {
  const nonce = newNonce();
  const csp = webviewCsp(nonce, input.cspSource, { extensionStyleSheets: true, dataImages: true });
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
<main id="${REQUEST_IDS.root}"><div class="muted">Loading…</div></main>
<script nonce="${nonce}" src="${esc(input.scriptUri)}"></script>
</body>
</html>`;
}
