// A paged list that loads one page at a time (Marker paging as every Lambda List* API does), keeps
// what it loaded sorted, filters it locally, and never lets an older request overwrite a newer one:
// every refresh bumps a generation, and a page that comes back for an older generation is dropped.

export interface Page<T> {
  items: T[];
  /** The marker of the next page, absent on the last one. */
  next?: string;
}

export type PageFetcher<T> = (marker: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export interface PagerOptions<T> {
  fetchPage: PageFetcher<T>;
  /** Identity used to drop duplicates when a page repeats an item (e.g. a function created meanwhile). */
  key: (item: T) => string;
  compare: (a: T, b: T) => number;
  /** True when the item matches the filter text (already lower-cased, non-empty). */
  matches: (item: T, filterLower: string) => boolean;
}

export interface PagerSnapshot<T> {
  /** Loaded items that pass the filter, sorted. */
  items: readonly T[];
  /** All loaded items, before filtering. */
  loadedCount: number;
  hasMore: boolean;
  filter: string;
  /** True until the first page of the current generation has arrived. */
  loading: boolean;
  /** The error of the last page request of the current generation, if it failed. */
  error?: unknown;
  generation: number;
  /** Set on the answer to a request that a newer refresh superseded: its page was dropped. */
  stale?: boolean;
}

export class Pager<T> {
  private loaded = new Map<string, T>();
  private sorted: T[] = [];
  private marker: string | undefined;
  private done = false;
  private started = false;
  private generation = 0;
  private inFlight: Promise<PagerSnapshot<T>> | undefined;
  private controller = new AbortController();
  private filterText = '';
  private lastError: unknown;
  private listeners = new Set<(s: PagerSnapshot<T>) => void>();

  constructor(private readonly options: PagerOptions<T>) {}

  /** Called after every change (page loaded, filter changed, refresh, error). Returns an unsubscribe. */
  onDidChange(listener: (s: PagerSnapshot<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): PagerSnapshot<T> {
    const f = this.filterText.trim().toLowerCase();
    const items = f ? this.sorted.filter((i) => this.options.matches(i, f)) : this.sorted;
    return {
      items,
      loadedCount: this.sorted.length,
      hasMore: !this.done,
      filter: this.filterText,
      loading: !this.started || (this.inFlight !== undefined && this.sorted.length === 0),
      error: this.lastError,
      generation: this.generation,
    };
  }

  /** Applies a filter to what is loaded; never fetches. */
  setFilter(text: string): PagerSnapshot<T> {
    this.filterText = text;
    return this.emit();
  }

  /**
   * Drops everything and loads the first page again. An older refresh or loadMore still running is
   * aborted and its result ignored.
   */
  refresh(): Promise<PagerSnapshot<T>> {
    this.controller.abort();
    this.controller = new AbortController();
    this.generation++;
    this.loaded.clear();
    this.sorted = [];
    this.marker = undefined;
    this.done = false;
    this.started = true;
    this.lastError = undefined;
    this.inFlight = undefined;
    return this.fetchNext();
  }

  /**
   * Drops one loaded item (e.g. a function just deleted) and keeps every other page loaded: a
   * refresh would fall back to the first page and lose the user's place in a long list.
   */
  removeWhere(gone: (item: T) => boolean): PagerSnapshot<T> {
    const before = this.sorted.length;
    this.sorted = this.sorted.filter((i) => !gone(i));
    if (this.sorted.length === before) return this.snapshot();
    for (const [k, item] of this.loaded) if (gone(item)) this.loaded.delete(k);
    return this.emit();
  }

  /** Loads the next page (the first one if nothing was loaded yet). Concurrent calls share one request. */
  loadMore(): Promise<PagerSnapshot<T>> {
    if (!this.started) return this.refresh();
    if (this.inFlight) return this.inFlight;
    if (this.done) return Promise.resolve(this.snapshot());
    return this.fetchNext();
  }

  /** Loads every remaining page. */
  async loadAll(signal?: AbortSignal): Promise<PagerSnapshot<T>> {
    let s = this.started ? this.snapshot() : await this.loadMore();
    while (s.hasMore && !signal?.aborted) {
      s = await this.loadMore();
      if (s.error) break;
    }
    return s;
  }

  /** Stops any request in flight; the pager can be refreshed again later. */
  dispose(): void {
    this.controller.abort();
    this.generation++;
    this.listeners.clear();
  }

  private fetchNext(): Promise<PagerSnapshot<T>> {
    const generation = this.generation;
    const signal = this.controller.signal;
    const p = this.options.fetchPage(this.marker, signal).then(
      (page) => {
        if (generation !== this.generation) return { ...this.snapshot(), stale: true };
        this.inFlight = undefined;
        this.add(page.items);
        this.marker = page.next;
        this.done = !page.next;
        this.lastError = undefined;
        return this.emit();
      },
      (err: unknown) => {
        if (generation !== this.generation) return { ...this.snapshot(), stale: true };
        this.inFlight = undefined;
        this.lastError = err;
        return this.emit();
      },
    );
    this.inFlight = p;
    return p;
  }

  private add(items: T[]): void {
    const { key, compare } = this.options;
    const fresh: T[] = [];
    for (const item of items) {
      const k = key(item);
      if (!this.loaded.has(k)) fresh.push(item);
      this.loaded.set(k, item);
    }
    if (fresh.length === items.length && fresh.length > 0) {
      // Pages usually arrive in order: merge the sorted new page instead of re-sorting everything.
      this.sorted = mergeSorted(this.sorted, fresh.sort(compare), compare);
    } else {
      this.sorted = [...this.loaded.values()].sort(compare);
    }
  }

  private emit(): PagerSnapshot<T> {
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
    return s;
  }
}

function mergeSorted<T>(a: T[], b: T[], compare: (x: T, y: T) => number): T[] {
  if (a.length === 0) return b;
  if (compare(a[a.length - 1], b[0]) <= 0) return a.concat(b);
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
