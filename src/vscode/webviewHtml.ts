// What every webview page shares on the host side: a fresh nonce per render, one strict
// Content-Security-Policy (nothing remote; scripts and inline styles only with the page's nonce;
// fonts, images and, where a page links them, style sheets only from the extension: the panels'
// media/<panel>.css and the codicons) and the one HTML escaping of the host. The pages themselves
// build their DOM with src/webview/lib/dom.ts and never parse HTML. No vscode import.
import { randomBytes } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** `dataImages`: images may also be data: URLs (a response body shown as an image); nothing else may. */
export function webviewCsp(nonce: string, cspSource: string, opts: { extensionStyleSheets?: boolean; dataImages?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${opts.extensionStyleSheets ? `${cspSource} ` : ''}'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}${opts.dataImages ? ' data:' : ''}`,
  ].join('; ');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface WebviewPageInput {
  cspSource: string;
  /** Images may also be data: URLs (see webviewCsp). */
  dataImages?: boolean;
  /** Style sheets from the extension, linked in this order; absent ones are left out. */
  styleSheets: (string | undefined)[];
  title: string;
  bodyClass?: string;
  /** The page's markup between <body> and its script (static: the page builds the rest). */
  body: string;
  scriptUri: string;
}

/** A whole webview page: the CSP with a fresh nonce, the style sheets, the body, the page's script. */
export function webviewPage(p: WebviewPageInput): string {
  const nonce = newNonce();
  const csp = webviewCsp(nonce, p.cspSource, { extensionStyleSheets: true, dataImages: p.dataImages });
  const links = p.styleSheets
    .filter((s): s is string => !!s)
    .map((s) => `<link rel="stylesheet" href="${escapeHtml(s)}" nonce="${nonce}">\n`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}<title>${escapeHtml(p.title)}</title>
</head>
<body${p.bodyClass ? ` class="${p.bodyClass}"` : ''}>
${p.body}
<script nonce="${nonce}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>`;
}
