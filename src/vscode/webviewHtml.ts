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
