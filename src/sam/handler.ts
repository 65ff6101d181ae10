// Does a function's Handler resolve to a file and an exported function under its CodeUri? Checked for
// node and python, the runtimes whose handler names map to files; the answer is a message, or
// undefined when the handler resolves or cannot be judged (S3 CodeUri, intrinsic, build output).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TNode } from './ast';
import { runtimes } from './schema';

export interface FileProbe {
  exists(path: string): boolean;
  isDir(path: string): boolean;
  read(path: string): string | undefined;
}

export const diskProbe: FileProbe = {
  exists: (p) => existsSync(p),
  isDir: (p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  read: (p) => {
    try {
      const st = statSync(p);
      if (st.size > 2_000_000) return undefined; // huge generated bundles: not worth scanning
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/**
 * One validation's view of the disk: each path is looked at once, however many functions share a
 * CodeUri folder and handler file (1,000 functions in one folder cost one stat and one read per
 * file). A new one is made per validation, so edits on disk are seen the next time.
 */
export function memoProbe(probe: FileProbe): FileProbe {
  const exists = new Map<string, boolean>();
  const isDir = new Map<string, boolean>();
  const read = new Map<string, string | undefined>();
  const once = <T>(m: Map<string, T>, p: string, f: (p: string) => T): T => {
    if (m.has(p)) return m.get(p) as T;
    const v = f(p);
    m.set(p, v);
    return v;
  };
  return {
    exists: (p) => once(exists, p, (q) => probe.exists(q)),
    isDir: (p) => once(isDir, p, (q) => probe.isDir(q)),
    read: (p) => once(read, p, (q) => probe.read(q)),
  };
}

const NODE_EXTS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/**
 * What a quick fix writes so that Handler resolves: a new file, or a function appended to the file
 * that lacks it (`at`: the end of that file, as a line and a character, where the text goes).
 */
export interface HandlerStub {
  file: string; // absolute
  exists: boolean;
  text: string;
  at?: { line: number; character: number };
}

export interface HandlerFinding {
  message: string;
  stub?: HandlerStub;
}

/** A module is ESM when it is .mjs/.mts, or a .js/.ts whose nearest package.json says "type": "module". */
function isEsm(file: string, dir: string, probe: FileProbe): boolean {
  if (/\.m[jt]s$/.test(file)) return true;
  if (/\.c[jt]s$/.test(file)) return false;
  for (let d = dir; ;) {
    const pkgPath = join(d, 'package.json');
    const pkg = probe.exists(pkgPath) ? probe.read(pkgPath) : undefined;
    if (pkg !== undefined) {
      try {
        return (JSON.parse(pkg) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    const up = dirname(d);
    if (up === d) return false;
    d = up;
  }
}

function nodeFunction(fn: string, esm: boolean): string {
  const body = `async (event, context) => {\n  console.log('event', JSON.stringify(event));\n  return { statusCode: 200, body: JSON.stringify({ ok: true }) };\n};\n`;
  return esm ? `export const ${fn} = ${body}` : `exports.${fn} = ${body}`;
}

function pythonFunction(fn: string): string {
  return `def ${fn}(event, context):\n    print(event)\n    return {"statusCode": 200, "body": "{\\"ok\\": true}"}\n`;
}

/** Where text appended to `src` goes, and the blank line that separates it from what is there. */
function appendAt(src: string, text: string): { at: { line: number; character: number }; text: string } {
  const lines = src.split('\n');
  const last = lines[lines.length - 1]!;
  const lead = src.length === 0 ? '' : last === '' ? (src.endsWith('\n\n') ? '' : '\n') : '\n\n';
  return { at: { line: lines.length - 1, character: last.length }, text: lead + text };
}

export function checkHandler(
  templateDir: string,
  codeUri: TNode | null,
  handler: string,
  runtime: string,
  probe: FileProbe = diskProbe,
): HandlerFinding | undefined {
  if (!codeUri || codeUri.kind !== 'scalar' || typeof codeUri.value !== 'string') return undefined;
  const uri = codeUri.value;
  if (/^[a-z0-9]+:\/\//i.test(uri)) return undefined;
  const language = runtimes()[runtime]?.language;
  if (language !== 'node' && language !== 'python') return undefined;
  const dir = resolve(templateDir, uri);
  if (!probe.isDir(dir)) {
    if (probe.exists(dir)) return undefined; // a zip file: nothing to look into
    return { message: `CodeUri folder '${uri}' does not exist (looked in ${dir}).` };
  }
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return { message: `Handler '${handler}' should be 'file.function' (for example app.handler).` };
  const fn = handler.slice(dot + 1);
  const modPath = handler.slice(0, dot);
  const identifier = /^[A-Za-z_$][\w$]*$/.test(fn);
  if (language === 'node') {
    for (const ext of NODE_EXTS) {
      const file = join(dir, modPath + ext);
      if (!probe.exists(file)) continue;
      const src = probe.read(file);
      if (src === undefined || exportsName(src, fn)) return undefined;
      const esm = isEsm(file, dir, probe) || /^\s*(export|import)\s/m.test(src);
      return {
        message: `'${modPath}${ext}' does not export a function named '${fn}'.`,
        stub: identifier ? { file, exists: true, ...appendAt(src, nodeFunction(fn, esm)) } : undefined,
      };
    }
    const file = join(dir, `${modPath}.js`);
    return {
      message: `Handler '${handler}': no file '${modPath}.js' (or .mjs, .cjs, .ts) under CodeUri '${uri}'.`,
      stub: identifier ? { file, exists: false, text: nodeFunction(fn, isEsm(file, dir, probe)) } : undefined,
    };
  }
  const rel = modPath.replace(/\./g, '/') + '.py';
  const file = join(dir, rel);
  const pyIdentifier = /^[A-Za-z_]\w*$/.test(fn);
  if (!probe.exists(file))
    return {
      message: `Handler '${handler}': no file '${rel}' under CodeUri '${uri}'.`,
      stub: pyIdentifier ? { file, exists: false, text: pythonFunction(fn) } : undefined,
    };
  const src = probe.read(file);
  if (src === undefined) return undefined;
  const esc = fn.replace(/[$]/g, '\\$');
  if (new RegExp(`^(async\\s+)?def\\s+${esc}\\s*\\(|^${esc}\\s*=`, 'm').test(src)) return undefined;
  return {
    message: `'${rel}' defines no function named '${fn}'.`,
    stub: pyIdentifier ? { file, exists: true, ...appendAt(src, pythonFunction(fn)) } : undefined,
  };
}

/** Recognises the usual ways a JS/TS module exports a name (CommonJS and ES modules). */
function exportsName(src: string, name: string): boolean {
  const n = name.replace(/[$]/g, '\\$');
  const patterns = [
    `exports\\.${n}\\s*=`,
    `exports\\[['"]${n}['"]\\]\\s*=`,
    `export\\s+(async\\s+)?function\\s*\\*?\\s*${n}\\b`,
    `export\\s+(const|let|var)\\s+${n}\\b`,
    `export\\s*\\{[^}]*\\b${n}\\b[^}]*\\}`,
    `module\\.exports\\s*=\\s*\\{[^}]*\\b${n}\\b`,
    `module\\.exports\\s*=\\s*\\w+`,
    `export\\s+default\\b`,
  ];
  return patterns.some((p) => new RegExp(p).test(src));
}
