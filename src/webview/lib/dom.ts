/// <reference lib="dom" />
// The one DOM helper of the webview pages: elements are built node by node and every string becomes
// a text node or an attribute value, so nothing a page receives is ever parsed as HTML.

export type Attrs = Record<string, string | number | boolean | undefined | null>;
export type Child = Node | string | number | false | null | undefined;

/**
 * `h('span', { class: 'fig', title: 'Duration' }, icon('clock'), '17 ms')`. Attribute values are set
 * with setAttribute (a boolean true sets an empty attribute; false, null and undefined leave it out).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, ...children);
  return el;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A codicon (the font ships with the extension; see the page's stylesheet link). */
export function icon(name: string, extra = ''): HTMLElement {
  return h('i', { class: `codicon codicon-${name}${extra ? ' ' + extra : ''}` });
}

/** The element with this id, typed by the caller: the ids come from the page's protocol module. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no element #${id}.`);
  return el as T;
}
