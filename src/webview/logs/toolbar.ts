// The toolbar and the search bar: reading and showing the filter, the pause and follow buttons, and
// the search range. The elements are the host's (ids in ./protocol); the listeners are the page's.
import type { PanelFilter } from '../../logs/model';
import type { LogLevel } from '../../logs/types';
import { byId, icon } from '../lib/dom';
import { LOG_IDS, type SearchState } from './protocol';
import { fromLocalInput, toLocalInput } from './text';

const FILTER_TITLE = 'Filter lines (text, or /regex/); Ctrl+F';
const LEVELS: readonly string[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export class Toolbar {
  readonly title = byId<HTMLSpanElement>(LOG_IDS.title);
  readonly filter = byId<HTMLInputElement>(LOG_IDS.filter);
  readonly level = byId<HTMLSelectElement>(LOG_IDS.level);
  readonly errorsOnly = byId<HTMLInputElement>(LOG_IDS.errorsOnly);
  readonly pattern = byId<HTMLInputElement>(LOG_IDS.pattern);
  readonly pause = byId<HTMLButtonElement>(LOG_IDS.pause);
  readonly follow = byId<HTMLButtonElement>(LOG_IDS.follow);
  readonly searchBar = byId<HTMLDivElement>(LOG_IDS.searchBar);
  readonly start = byId<HTMLInputElement>(LOG_IDS.start);
  readonly end = byId<HTMLInputElement>(LOG_IDS.end);
  readonly older = byId<HTMLButtonElement>(LOG_IDS.older);
  readonly newer = byId<HTMLButtonElement>(LOG_IDS.newer);

  /** The filter as the inputs say. */
  readFilter(): PanelFilter {
    const filter: PanelFilter = {};
    if (this.filter.value.trim()) filter.text = this.filter.value;
    if (LEVELS.includes(this.level.value)) filter.minLevel = this.level.value as LogLevel;
    if (this.errorsOnly.checked) filter.errorsOnly = true;
    return filter;
  }

  /** Shows a filter that did not come from the inputs (a reopened panel's). */
  showFilter(filter: PanelFilter): void {
    this.filter.value = filter.text ?? '';
    this.level.value = filter.minLevel ?? '';
    this.errorsOnly.checked = !!filter.errorsOnly;
  }

  /** Marks the filter input invalid with the reason (a bad regular expression), or valid. */
  markFilter(error: string | undefined): void {
    this.filter.classList.toggle('invalid', error !== undefined);
    this.filter.title = error ?? FILTER_TITLE;
  }

  showPaused(paused: boolean): void {
    this.pause.replaceChildren(icon(paused ? 'debug-continue' : 'debug-pause'), paused ? 'Resume' : 'Pause');
    this.pause.classList.toggle('on', paused);
  }

  showFollow(on: boolean): void {
    this.follow.classList.toggle('on', on);
  }

  toggleSearchBar(): void {
    this.searchBar.hidden = !this.searchBar.hidden;
    if (!this.searchBar.hidden && !this.start.value) {
      const now = Date.now();
      this.start.value = toLocalInput(now - 15 * 60_000);
      this.end.value = toLocalInput(now);
    }
  }

  showSearchRange(state: SearchState): void {
    this.searchBar.hidden = false;
    this.start.value = toLocalInput(state.start);
    this.end.value = toLocalInput(state.end);
  }

  /** The range to search, or undefined when the inputs do not make one. */
  readSearchRange(): { start: number; end: number } | undefined {
    const start = fromLocalInput(this.start.value);
    const end = fromLocalInput(this.end.value);
    return start === undefined || end === undefined || start >= end ? undefined : { start, end };
  }

  showPaging(search: SearchState | undefined): void {
    this.older.disabled = !search || search.running || !search.canLoadOlder;
    this.newer.disabled = !search || search.running || !search.canLoadNewer;
  }
}
