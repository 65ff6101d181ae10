// The result panel's HTML: strict CSP (nothing remote; the script only with this page's nonce; style
// sheets only from the extension). The look is media/invoke.css (theme colours through VS Code's CSS
// variables); the page builds the rest. No vscode import: tested under node.
import { INVOKE_IDS } from '../../webview/invoke/protocol';
import { webviewPage } from '../webviewHtml';

export interface ResultPanelHtmlInput {
  cspSource: string;
  scriptUri: string;
  /** media/invoke.css as a webview URI. */
  styleUri: string;
  title: string;
}

export function resultPanelHtml(input: ResultPanelHtmlInput): string {
  return webviewPage({
    cspSource: input.cspSource,
    styleSheets: [input.styleUri],
    title: input.title,
    scriptUri: input.scriptUri,
    body: `<main id="${INVOKE_IDS.root}"><div class="muted">Loading…</div></main>`,
  });
}
