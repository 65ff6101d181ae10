// The virtualised list: every row has a known height, so only the rows in view (plus some overscan)
// exist in the DOM. Redraws at most once per animation frame, and lays rows out again only when the
// model or a fold changed.
import type { PanelModel, PanelRow } from '../../logs/model';
import type { Folds } from './folds';
import { ROW_HEIGHT } from './folds';
import { renderRow } from './rows';

const OVERSCAN = 20;

export interface ListHost {
  model(): PanelModel;
  /** Follow mode: keep the newest line in view. */
  following(): boolean;
  /** Called after every draw (the status bar follows the list). */
  drawn(): void;
}

export class LogList {
  private rowTops: number[] = [];
  private rowsDrawn: readonly PanelRow[] = [];
  private drawnVersion = -1;
  private frame = 0;

  constructor(
    private readonly list: HTMLElement,
    private readonly spacer: HTMLElement,
    private readonly viewport: HTMLElement,
    private readonly folds: Folds,
    private readonly host: ListHost,
  ) {}

  /** Draws at the next animation frame (once, however often it is asked). */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw(false);
    });
  }

  /** A row's height changed (a fold): lay everything out again now. */
  relayout(): void {
    this.rowsDrawn = [];
    this.draw(false);
  }

  /** The row drawn in (or around) this element, if any. */
  rowAt(target: Element): PanelRow | undefined {
    const row = target.closest('[data-i]') as HTMLElement | null;
    return row ? this.rowsDrawn[Number(row.dataset.i)] : undefined;
  }

  atBottom(): boolean {
    return this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - ROW_HEIGHT;
  }

  scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }

  draw(scrollOnly: boolean): void {
    const model = this.host.model();
    const rows = model.rows();
    if (!scrollOnly || rows !== this.rowsDrawn) {
      if (model.version !== this.drawnVersion || rows !== this.rowsDrawn) this.layout(rows);
    }
    if (this.host.following() && !model.paused && !scrollOnly) this.scrollToEnd();
    const top = this.list.scrollTop;
    const bottom = top + this.list.clientHeight;
    const first = Math.max(0, lowerBound(this.rowTops, top) - OVERSCAN);
    let last = first;
    while (last < rows.length && this.rowTops[last] < bottom) last++;
    last = Math.min(rows.length, last + OVERSCAN);
    const drawn: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const el = renderRow(rows[i], i, this.folds);
      // CSP forbids style attributes in markup; positions are set through the CSSOM instead.
      el.style.transform = `translateY(${this.rowTops[i]}px)`;
      drawn.push(el);
    }
    this.viewport.replaceChildren(...drawn);
    this.drawnVersion = model.version;
    this.host.drawn();
  }

  private layout(rows: readonly PanelRow[]): void {
    this.rowsDrawn = rows;
    this.rowTops = new Array(rows.length + 1);
    let y = 0;
    for (let i = 0; i < rows.length; i++) {
      this.rowTops[i] = y;
      y += this.folds.rowHeight(rows[i]);
    }
    this.rowTops[rows.length] = y;
    this.spacer.style.height = `${y}px`;
  }
}

/** The last row whose top is at or above y. */
function lowerBound(tops: number[], y: number): number {
  let lo = 0;
  let hi = Math.max(0, tops.length - 2);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
