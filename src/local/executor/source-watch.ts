// Source mode: a function runs straight from the user's folder, and an edit must show on the next
// invoke. Clearing node's require cache would not reach ESM modules or python's sys.modules, and would
// break module state that Lambda keeps between warm invokes. So instead a change to the folder retires
// the function's warm environments: the next invoke starts fresh on the new code, and invokes with no
// edit in between stay warm. Changes are seen through inotify on the folder's directories (without
// descending into node_modules, build output or dot-folders: their creation or removal still shows),
// plus a stat of the handler's file at invoke time for an edit made a moment before.
import { statSync, watch, readdirSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

const MAX_WATCHED_DIRS = 2000;
const SHALLOW = new Set(['node_modules', '__pycache__', '.git', '.aws-sam', 'dist', 'build', 'target']);

export class SourceWatcher {
  /** Bumped on every change below the folder. */
  generation = 0;
  private watchers = new Map<string, FSWatcher>();

  constructor(readonly dir: string) {
    this.addTree(dir, 0);
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private addTree(dir: string, depth: number): void {
    if (this.watchers.size >= MAX_WATCHED_DIRS || this.watchers.has(dir) || depth > 12) return;
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (_event, name) => {
        this.generation++;
        // A new folder: watch it too.
        if (name && depth < 12) {
          const p = join(dir, name.toString());
          try {
            if (statSync(p).isDirectory() && !skip(name.toString())) this.addTree(p, depth + 1);
          } catch {
            // removed again
          }
        }
      });
    } catch {
      return;
    }
    w.on('error', () => {
      w.close();
      this.watchers.delete(dir);
      this.generation++;
    });
    this.watchers.set(dir, w);
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory() && !skip(e.name)) this.addTree(join(dir, e.name), depth + 1);
  }
}

function skip(name: string): boolean {
  return SHALLOW.has(name) || name.startsWith('.');
}

/** Newest modification time among the files that could hold the handler, 0 when none exists. */
export function handlerFilesMtime(codeDir: string, handler: string, family: string): number {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  const mod = dot < 0 ? handler : handler.slice(0, dot);
  const exts = family === 'python' ? ['.py'] : family === 'node' ? ['.js', '.mjs', '.cjs'] : [''];
  let newest = 0;
  for (const ext of exts) {
    const file = family === 'provided' ? join(codeDir, 'bootstrap') : join(codeDir, mod + ext);
    try {
      newest = Math.max(newest, statSync(file).mtimeMs);
    } catch {
      // not this one
    }
  }
  return newest;
}
