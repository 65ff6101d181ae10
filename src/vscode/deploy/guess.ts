// Defaults offered when creating a function from a folder: its runtime family and handler, guessed
// from what the folder holds. No vscode import, so it is tested under plain Node.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { creatableRuntimes, runtimeInfo } from '../../lambda';

export interface FolderGuess {
  runtime?: string;
  handler?: string;
}

const NODE_FILES = ['index.mjs', 'index.js', 'index.cjs', 'app.mjs', 'app.js', 'handler.js', 'handler.mjs'];
const PYTHON_FILES = ['lambda_function.py', 'app.py', 'handler.py', 'main.py'];

/** The newest creatable runtime of a family (nodejs24.x over nodejs22.x). */
export function newestRuntime(family: string, now = new Date()): string | undefined {
  const list = creatableRuntimes(now).filter((r) => runtimeInfo(r)?.family === family);
  const num = (r: string) => r.match(/\d+(\.\d+)?/g)?.map((x) => x.split('.').map(Number)) ?? [];
  return list.sort((a, b) => {
    const [x] = num(a);
    const [y] = num(b);
    for (let i = 0; i < Math.max(x?.length ?? 0, y?.length ?? 0); i++) {
      const d = (y?.[i] ?? 0) - (x?.[i] ?? 0);
      if (d) return d;
    }
    return 0;
  })[0];
}

/** Runtime and handler suggested for a code folder; either may be missing when nothing tells. */
export async function guessFromFolder(dir: string, now = new Date()): Promise<FolderGuess> {
  const names = new Set(await fs.readdir(dir).catch(() => [] as string[]));
  const node = NODE_FILES.find((f) => names.has(f));
  if (node || names.has('package.json')) {
    const file = node ?? 'index.js';
    return { runtime: newestRuntime('nodejs', now), handler: `${file.replace(/\.(m|c)?js$/, '')}.handler` };
  }
  const py = PYTHON_FILES.find((f) => names.has(f));
  if (py || names.has('requirements.txt')) {
    const file = py ?? 'lambda_function.py';
    return { runtime: newestRuntime('python', now), handler: `${path.basename(file, '.py')}.${file === 'lambda_function.py' ? 'lambda_handler' : 'handler'}` };
  }
  if (names.has('bootstrap')) return { runtime: 'provided.al2023', handler: 'bootstrap' };
  return {};
}
