/// <reference lib="dom" />
// The results table: one column per field, sorted by a header click (again: the other way), and rows
// with a @message that expand to show it whole, its JSON pretty-printed.
import { h, icon } from '../lib/dom';
import { prettyJson, sortRows, type Row, type SortDir } from './results';

export class ResultsTable {
  private fields: string[] = [];
  private rows: Row[] = [];
  private sort: { field: string; dir: SortDir } | undefined;
  private readonly expanded = new Set<Row>();

  constructor(private readonly el: HTMLElement) {}

  show(fields: string[], rows: Row[]): void {
    this.fields = fields;
    this.rows = rows;
    this.sort = undefined;
    this.expanded.clear();
    this.draw();
  }

  /** The rows in the order shown (copy uses them). */
  get shown(): Row[] {
    return this.sort ? sortRows(this.rows, this.sort.field, this.sort.dir) : this.rows;
  }

  get columns(): string[] {
    return this.fields;
  }

  private sortBy(field: string): void {
    this.sort = this.sort?.field === field ? { field, dir: this.sort.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: 'asc' };
    this.draw();
  }

  private draw(): void {
    if (!this.fields.length) {
      this.el.replaceChildren(h('p', { class: 'empty' }, this.rows.length ? 'The rows have no fields.' : 'No rows matched.'));
      return;
    }
    const expandable = this.fields.includes('@message');
    const head = h(
      'tr',
      null,
      expandable ? h('th', { class: 'toggle' }) : null,
      ...this.fields.map((f) => {
        const dir = this.sort?.field === f ? this.sort.dir : undefined;
        const th = h(
          'th',
          {
            'data-field': f,
            title: `Sort by ${f}`,
            'aria-sort': dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none',
            class: dir ? `sorted ${dir}` : undefined,
          },
          f,
          dir ? icon(dir === 'asc' ? 'arrow-up' : 'arrow-down', 'sort-icon') : null,
        );
        th.addEventListener('click', () => this.sortBy(f));
        return th;
      }),
    );
    const body = h('tbody');
    for (const row of this.shown) {
      const open = this.expanded.has(row);
      const tr = h(
        'tr',
        { class: open ? 'row open' : 'row' },
        expandable ? h('td', { class: 'toggle' }, icon(open ? 'chevron-down' : 'chevron-right')) : null,
        ...this.fields.map((f) => h('td', { title: (row[f] ?? '').length > 80 ? row[f] : undefined }, row[f] ?? '')),
      );
      if (expandable)
        tr.addEventListener('click', () => {
          if (this.expanded.has(row)) this.expanded.delete(row);
          else this.expanded.add(row);
          this.draw();
        });
      body.appendChild(tr);
      if (open) {
        const message = row['@message'] ?? '';
        body.appendChild(h('tr', { class: 'detail' }, h('td', { colspan: this.fields.length + 1 }, h('pre', null, prettyJson(message) ?? message))));
      }
    }
    const scrollTop = this.el.scrollTop;
    this.el.replaceChildren(h('table', null, h('thead', null, head), body));
    this.el.scrollTop = scrollTop;
  }
}
