// The request panel's HTML: strict CSP (nothing remote; the script only with this page's nonce; style
// sheets only from the extension; images also as data: URLs, for a response shown as an image). The
// look is media/request.css (theme colours through VS Code's CSS variables). No vscode import.
import { REQUEST_IDS } from '../../webview/request/protocol';
import { webviewPage } from '../webviewHtml';

export interface RequestPanelHtmlInput {
  cspSource: string;
  scriptUri: string;
  /** media/request.css as a webview URI. */
  styleUri: string;
  title: string;
}

export function requestPanelHtml(input: RequestPanelHtmlInput): string {
  return webviewPage({
    cspSource: input.cspSource,
    dataImages: true,
    styleSheets: [input.styleUri],
    title: input.title,
    scriptUri: input.scriptUri,
    body: `<main id="${REQUEST_IDS.root}"><div class="muted">Loading…</div></main>`,
  });
}
