// Bundles a template function with esbuild the way `sam build` does for `Metadata: BuildMethod:
// esbuild`: the BuildProperties map onto esbuild options with SAM's defaults (Minify true, Target
// es2020, Format cjs, MainFields main,module, Sourcemap false), and the entry defaults to the
// handler's file.
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { BuildOptions, Loader, Message } from 'esbuild';
import { ValidationError } from './errors';
import type { BuildProperties } from './template';

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

export interface EsbuildInput {
  codeDir: string;
  handler: string;
  properties?: BuildProperties;
  signal?: AbortSignal;
}

export interface EsbuildOutput {
  /** A fresh temp folder with the bundle; the caller removes it (dispose()). */
  outDir: string;
  files: string[];
  /** Environment additions SAM makes (NODE_OPTIONS=--enable-source-maps with Sourcemap). */
  environment: Record<string, string>;
  warnings: string[];
  dispose(): Promise<void>;
}

/** `src/app.handler` -> `src/app`. */
export function handlerModule(handler: string): string {
  const dot = handler.lastIndexOf('.');
  return dot > 0 ? handler.slice(0, dot) : handler;
}

function defaultEntry(codeDir: string, handler: string): string {
  const mod = handlerModule(handler);
  for (const ext of SOURCE_EXTENSIONS) {
    if (existsSync(path.join(codeDir, mod + ext))) return mod + ext;
  }
  throw new ValidationError(
    `No source file for handler "${handler}" in ${codeDir} (looked for ${mod}{${SOURCE_EXTENSIONS.join(',')}}). Set Metadata.BuildProperties.EntryPoints.`,
    'Handler',
  );
}

/** The esbuild options SAM would use for these BuildProperties. */
export function esbuildOptions(input: EsbuildInput, outDir: string): BuildOptions {
  const p = input.properties ?? {};
  const entries = p.EntryPoints?.length ? p.EntryPoints : [defaultEntry(input.codeDir, input.handler)];
  for (const e of entries) {
    if (!existsSync(path.resolve(input.codeDir, e))) throw new ValidationError(`EntryPoints: ${e} does not exist in ${input.codeDir}.`, 'EntryPoints');
  }
  const mod = handlerModule(input.handler);
  // SAM flattens the outputs (esbuild's outbase is the entries' common folder). When the handler
  // names a nested path that matches an entry (src/app.handler + src/app.ts), keep that folder so
  // the handler still resolves.
  const keepTree = mod.includes('/') && entries.some((e) => stripExt(e) === mod);
  const loader: Record<string, Loader> = {};
  for (const l of p.Loader ?? []) {
    const [ext, kind] = l.split('=');
    if (ext && kind) loader[ext.startsWith('.') ? ext : `.${ext}`] = kind as Loader;
  }
  const outExtension: Record<string, string> = {};
  for (const o of p.OutExtension ?? []) {
    const [from, to] = o.split('=');
    if (from && to) outExtension[from] = to;
  }
  return {
    absWorkingDir: input.codeDir,
    entryPoints: entries,
    outdir: outDir,
    outbase: keepTree ? input.codeDir : undefined,
    bundle: true,
    platform: 'node',
    format: p.Format ?? 'cjs',
    target: p.Target ?? 'es2020',
    minify: p.Minify ?? true,
    sourcemap: p.Sourcemap ?? false,
    sourcesContent: p.SourcesContent,
    external: p.External ?? [],
    mainFields: p.MainFields ?? ['main', 'module'],
    outExtension: Object.keys(outExtension).length ? outExtension : undefined,
    banner: p.Banner ? { js: p.Banner } : undefined,
    footer: p.Footer ? { js: p.Footer } : undefined,
    loader,
    logLevel: 'silent',
    write: true,
  };
}

function stripExt(p: string): string {
  return p.replace(/\.[^./]+$/, '');
}

function formatMessage(m: Message): string {
  const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
  return `${at}${m.text}`;
}

type Esbuild = typeof import('esbuild');

/**
 * esbuild as SAM finds it: the project's own (resolved from the code folder up), else the one next
 * to this extension. Loaded through createRequire so bundlers leave it alone: esbuild's JS API
 * drives a native binary and cannot be bundled.
 */
function loadEsbuild(codeDir: string): Esbuild {
  const attempts = [path.join(codeDir, 'noop.js'), __filename];
  for (const from of attempts) {
    try {
      return createRequire(from)('esbuild') as Esbuild;
    } catch {
      // try the next place
    }
  }
  throw new ValidationError(
    `esbuild is not installed for ${codeDir}. Run "npm install --save-dev esbuild" in the project (sam build needs it too).`,
    'BuildMethod',
  );
}

/** Builds into a fresh temp folder and checks that the handler's file is in the bundle. */
export async function esbuildFunction(input: EsbuildInput): Promise<EsbuildOutput> {
  const esbuild = loadEsbuild(input.codeDir);
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lwb-esbuild-'));
  const dispose = () => fs.rm(outDir, { recursive: true, force: true });
  try {
    const options = esbuildOptions(input, outDir);
    if (input.signal?.aborted) throw new ValidationError('Cancelled before the build.');
    let result;
    try {
      result = await esbuild.build(options);
    } catch (err) {
      const errors = (err as { errors?: Message[] }).errors;
      if (errors?.length) throw new ValidationError(`esbuild failed:\n${errors.map(formatMessage).join('\n')}`, 'Build');
      throw err;
    }
    const files = await listFiles(outDir);
    const mod = handlerModule(input.handler);
    const ext = options.outExtension?.['.js'] ?? '.js';
    if (!files.some((f) => stripExt(f) === mod)) {
      throw new ValidationError(
        `The bundle has no ${mod}${ext} for handler "${input.handler}" (built: ${files.join(', ')}). Make the handler match an entry point's file name.`,
        'Handler',
      );
    }
    return {
      outDir,
      files,
      environment: options.sourcemap ? { NODE_OPTIONS: '--enable-source-maps' } : {},
      warnings: result.warnings.map(formatMessage),
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await listFiles(dir, name)));
    else out.push(name);
  }
  return out.sort();
}
