// Watches the files a model was built from (the template, nested templates, OpenAPI files) and
// reloads after a change. Editors save by rename, which ends a watch on the file itself, so the
// folders are watched and events filtered by name. Reloads are debounced and never overlap; a failed
// reload is logged and the last good model stays served.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface ModelWatcherOptions {
  files: () => string[];
  reload: () => Promise<void>;
  log: (line: string) => void;
  enabled: boolean;
  debounceMs?: number;
}

export class ModelWatcher {
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(private readonly o: ModelWatcherOptions) {}

  start(): void {
    if (!this.o.enabled) return;
    this.rewatch();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private rewatch(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const byDir = new Map<string, Set<string>>();
    for (const f of this.o.files()) {
      const d = dirname(f);
      if (!byDir.has(d)) byDir.set(d, new Set());
      byDir.get(d)!.add(basename(f));
    }
    for (const [dir, names] of byDir) {
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          if (!name || names.has(name.toString())) this.schedule();
        });
        w.on('error', (err) => this.o.log(`cannot watch ${dir}: ${err.message}`));
        this.watchers.push(w);
      } catch (err) {
        this.o.log(`cannot watch ${dir} for template changes: ${(err as Error).message}`);
      }
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.o.debounceMs ?? 150);
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.o.reload();
    } catch (err) {
      this.o.log(`reload failed, still serving the previous version: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    this.rewatch();
    if (this.again) {
      this.again = false;
      this.schedule();
    }
  }
}
