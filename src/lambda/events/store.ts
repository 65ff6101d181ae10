// Saved test events, kept in the workspace so a team shares them through git:
// `<root>/.lambda-workbench/events/<function>/<name>.json`. Plain files, written atomically
// (temp file then rename) so an editor or git never sees half an event.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { preparePayload } from '../invoke';
import { ValidationError } from '../errors';

export const EVENTS_FOLDER = path.join('.lambda-workbench', 'events');
const MAX_NAME = 100;

export interface SavedEvent {
  functionName: string;
  name: string;
  file: string;
}

/** Why a name cannot be an event name, or undefined when it can (InputBox validateInput). */
export function eventNameProblem(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Give the event a name.';
  if (n.length > MAX_NAME) return `Keep the name under ${MAX_NAME} characters.`;
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/.test(n))
    return 'Use letters, digits, spaces, dots, dashes, underscores and parentheses, starting with a letter or digit.';
  if (n.endsWith('.')) return 'The name cannot end with a dot.';
  return undefined;
}

/**
 * The folder name for a function: its name, or for an ARN / `name:qualifier` the bare name, since
 * events belong to the function whatever version runs them.
 */
export function functionFolderName(functionName: string): string {
  let n = functionName.trim();
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(n);
  if (arn) n = arn[1];
  n = n.split(':')[0];
  if (!/^[A-Za-z0-9_.-]{1,140}$/.test(n) || n === '.' || n === '..')
    throw new ValidationError(`"${functionName}" is not a function name events can be saved for.`, 'FunctionName');
  return n;
}

export class SavedEventStore {
  constructor(readonly root: string) {}

  folder(functionName: string): string {
    return path.join(this.root, EVENTS_FOLDER, functionFolderName(functionName));
  }

  private file(functionName: string, name: string): string {
    const problem = eventNameProblem(name);
    if (problem) throw new ValidationError(`Event name "${name}": ${problem}`, 'EventName');
    return path.join(this.folder(functionName), `${name.trim()}.json`);
  }

  /** The saved events of a function, sorted by name; none when the folder does not exist. */
  async list(functionName: string): Promise<SavedEvent[]> {
    const dir = this.folder(functionName);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => f.slice(0, -5))
      .filter((n) => !eventNameProblem(n))
      .sort((a, b) => a.localeCompare(b))
      .map((name) => ({ functionName: functionFolderName(functionName), name, file: path.join(dir, `${name}.json`) }));
  }

  /** Every saved event of every function folder, grouped by function folder name. */
  async listAll(): Promise<SavedEvent[]> {
    let dirs: string[];
    try {
      dirs = await fs.readdir(path.join(this.root, EVENTS_FOLDER));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: SavedEvent[] = [];
    for (const d of dirs.sort((a, b) => a.localeCompare(b))) {
      try {
        out.push(...(await this.list(d)));
      } catch {
        // A folder whose name is not a function name is not ours: skip it.
      }
    }
    return out;
  }

  async read(functionName: string, name: string): Promise<string> {
    const file = this.file(functionName, name);
    try {
      return await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ValidationError(`There is no saved event "${name}" for ${functionName}.`, 'EventName');
      throw err;
    }
  }

  async exists(functionName: string, name: string): Promise<boolean> {
    return fs.access(this.file(functionName, name)).then(
      () => true,
      () => false,
    );
  }

  /** Saves (creates or overwrites) an event; the text must be valid JSON (PayloadError with line/column otherwise). */
  async save(functionName: string, name: string, text: string): Promise<SavedEvent> {
    const file = this.file(functionName, name);
    preparePayload(text);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, text.endsWith('\n') ? text : `${text}\n`, 'utf8');
    await fs.rename(tmp, file);
    return { functionName: functionFolderName(functionName), name: name.trim(), file };
  }

  /** Creates a new event; refuses a name that is already taken. */
  async create(functionName: string, name: string, text: string): Promise<SavedEvent> {
    if (await this.exists(functionName, name)) throw new ValidationError(`${functionName} already has an event named "${name.trim()}".`, 'EventName');
    return this.save(functionName, name, text);
  }

  async rename(functionName: string, from: string, to: string): Promise<SavedEvent> {
    const src = this.file(functionName, from);
    const dst = this.file(functionName, to);
    if (src === dst) return { functionName: functionFolderName(functionName), name: to.trim(), file: dst };
    if (!(await this.exists(functionName, from))) throw new ValidationError(`There is no saved event "${from}" for ${functionName}.`, 'EventName');
    // Case-only renames on case-insensitive disks see the target as existing: allow those.
    if (from.trim().toLowerCase() !== to.trim().toLowerCase() && (await this.exists(functionName, to))) {
      throw new ValidationError(`${functionName} already has an event named "${to.trim()}".`, 'EventName');
    }
    await fs.rename(src, dst);
    return { functionName: functionFolderName(functionName), name: to.trim(), file: dst };
  }

  async delete(functionName: string, name: string): Promise<void> {
    const file = this.file(functionName, name);
    try {
      await fs.unlink(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ValidationError(`There is no saved event "${name}" for ${functionName}.`, 'EventName');
      throw err;
    }
    // Leave no empty function folder behind in the user's repository.
    await fs.rmdir(path.dirname(file)).catch(() => undefined);
  }
}
