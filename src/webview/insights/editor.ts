/// <reference lib="dom" />
// The query editor: a plain textarea (native editing, undo, selection, IME) over a highlighted copy of
// its text (./tokens colours it), and a completion list (./complete) opened by Ctrl+Space or while
// typing a word. Ctrl+Enter runs the query. A malformed query's line and column are marked.
import { h } from '../lib/dom';
import { completionsAt, type Completion, type CompletionList } from './complete';
import { tokenize } from './tokens';

export interface EditorHooks {
  /** Fields of the last results, offered with the discovered fields. */
  fields(): readonly string[];
  run(): void;
  changed(): void;
}

export class QueryEditor {
  private list: CompletionList | undefined;
  private active = 0;
  private errorAt: number | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly highlight: HTMLElement,
    private readonly popup: HTMLElement,
    private readonly hooks: EditorHooks,
  ) {
    input.addEventListener('input', (e) => {
      this.errorAt = undefined;
      this.paint();
      hooks.changed();
      const typed = (e as InputEvent).data;
      if (typed && /^[\w@]$/.test(typed)) this.openCompletions(false);
      else if (this.list) this.openCompletions(false);
    });
    input.addEventListener('scroll', () => this.syncScroll());
    input.addEventListener('keydown', (e) => this.onKey(e));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    popup.addEventListener('mousedown', (e) => {
      const li = (e.target as HTMLElement).closest('li');
      if (!li) return;
      e.preventDefault();
      this.accept(Number(li.dataset.index));
    });
    this.paint();
  }

  get value(): string {
    return this.input.value;
  }

  set value(v: string) {
    this.input.value = v;
    this.errorAt = undefined;
    this.close();
    this.paint();
  }

  focus(): void {
    this.input.focus();
  }

  /** Marks where a malformed query went wrong (1-based line and column); after a run, puts the cursor there. */
  markError(line: number, column: number, moveCursor = true): void {
    const lines = this.input.value.split('\n');
    if (line < 1 || line > lines.length) return;
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.min(Math.max(column - 1, 0), lines[line - 1].length);
    this.errorAt = offset;
    this.paint();
    if (!moveCursor) return;
    this.input.focus();
    this.input.setSelectionRange(offset, offset);
  }

  clearError(): void {
    if (this.errorAt === undefined) return;
    this.errorAt = undefined;
    this.paint();
  }

  /** Whether the completion list is open (tests and the page's key handling read it). */
  get completing(): boolean {
    return !!this.list;
  }

  private onKey(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      this.close();
      this.hooks.run();
      return;
    }
    if (e.ctrlKey && (e.key === ' ' || e.code === 'Space')) {
      e.preventDefault();
      this.openCompletions(true);
      return;
    }
    if (!this.list) return;
    const n = this.list.items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.drawList();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      this.accept(this.active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    }
  }

  private openCompletions(explicit: boolean): void {
    const cursor = this.input.selectionStart ?? this.input.value.length;
    const list = completionsAt(this.input.value, cursor, this.hooks.fields());
    // While typing, a list only for a word begun; Ctrl+Space also with nothing typed.
    if (!list.items.length || (!explicit && list.from === list.to && !this.list)) return this.close();
    this.list = list;
    this.active = 0;
    this.drawList();
  }

  private accept(i: number): void {
    const list = this.list;
    const item: Completion | undefined = list?.items[i];
    if (!list || !item) return this.close();
    const v = this.input.value;
    this.input.value = v.slice(0, list.from) + item.insert + v.slice(list.to);
    const at = list.from + item.insert.length;
    this.input.setSelectionRange(at, at);
    this.close();
    this.paint();
    this.hooks.changed();
    this.input.focus();
  }

  private close(): void {
    this.list = undefined;
    this.popup.hidden = true;
    this.popup.replaceChildren();
  }

  private drawList(): void {
    const list = this.list;
    if (!list) return;
    this.popup.replaceChildren(
      ...list.items.map((it, i) =>
        h(
          'li',
          { class: `completion ${it.kind}${i === this.active ? ' active' : ''}`, 'data-index': i, role: 'option', 'aria-selected': i === this.active },
          h('span', { class: 'label' }, it.label),
          h('span', { class: 'detail' }, it.detail),
        ),
      ),
    );
    this.popup.hidden = false;
    this.place(list.from);
    (this.popup.children[this.active] as HTMLElement | undefined)?.scrollIntoView({ block: 'nearest' });
  }

  /**
   * Puts the list under the word being completed (monospace: column times the character width). The
   * list is fixed to the window, so the editor's own clipping (it is resizable) never cuts it.
   */
  private place(offset: number): void {
    const before = this.input.value.slice(0, offset).split('\n');
    const style = getComputedStyle(this.input);
    const lineHeight = parseFloat(style.lineHeight) || 18;
    const probe = h('span', { class: 'probe' }, 'M'.repeat(10));
    this.highlight.appendChild(probe);
    const charWidth = probe.getBoundingClientRect().width / 10 || 8;
    probe.remove();
    const box = this.input.getBoundingClientRect();
    const left = box.left + parseFloat(style.paddingLeft) + before[before.length - 1].length * charWidth - this.input.scrollLeft;
    const top = box.top + parseFloat(style.paddingTop) + before.length * lineHeight - this.input.scrollTop;
    this.popup.style.left = `${Math.max(0, Math.min(left, window.innerWidth - 220))}px`;
    this.popup.style.top = `${Math.min(top + 2, window.innerHeight - 40)}px`;
  }

  private paint(): void {
    const text = this.input.value;
    const parts: Node[] = [];
    let at = 0;
    const plain = (from: number, to: number) => {
      if (from < to) parts.push(this.piece(text, from, to, undefined));
    };
    for (const t of tokenize(text)) {
      plain(at, t.start);
      parts.push(this.piece(text, t.start, t.end, t.kind));
      at = t.end;
    }
    plain(at, text.length);
    if (this.errorAt !== undefined && this.errorAt >= text.length) parts.push(h('span', { class: 'tok-error-at' }, ' '));
    // A trailing newline needs a character after it, or the last line of the copy collapses.
    parts.push(document.createTextNode('\n'));
    this.highlight.replaceChildren(...parts);
    this.syncScroll();
  }

  /** One piece of text, its error character wrapped when the error falls inside. */
  private piece(text: string, from: number, to: number, kind: string | undefined): Node {
    const e = this.errorAt;
    const cls = kind ? `tok-${kind}` : undefined;
    if (e === undefined || e < from || e >= to) return cls ? h('span', { class: cls }, text.slice(from, to)) : document.createTextNode(text.slice(from, to));
    return h('span', cls ? { class: cls } : null, text.slice(from, e), h('span', { class: 'tok-error-at' }, text.slice(e, e + 1)), text.slice(e + 1, to));
  }

  private syncScroll(): void {
    this.highlight.scrollTop = this.input.scrollTop;
    this.highlight.scrollLeft = this.input.scrollLeft;
  }
}
