// Deterministic zips of a folder: the same files give the same bytes (and so the same CodeSha256)
// on every machine and every run, which is what lets an unchanged redeploy be skipped. Entries are
// sorted, timestamps fixed, permissions kept, and `.lambdaignore` (gitignore syntax) honoured.
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ZipFile } from 'yazl';
import { CancelledError, ValidationError } from './errors';

const IGNORE_FILE = '.lambdaignore';

/** Never packaged: VCS data, editor litter, SAM's build output, our own workspace data. */
const DEFAULT_IGNORES = ['.git/', '.hg/', '.svn/', '.DS_Store', 'Thumbs.db', '.aws-sam/', '.lambda-workbench/', IGNORE_FILE];

// DOS timestamps carry no time zone; a local-time Date gives 1980-01-01 00:00 in every zone, and
// forceDosTimestamp keeps yazl from adding a UTC extra field that would differ between zones.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export interface ZipEntryPlan {
  /** Path inside the zip, `/`-separated. */
  name: string;
  absPath: string;
  size: number;
  /** Permission bits: 0o755 for executables (e.g. a bootstrap), else 0o644. */
  mode: number;
}

export interface ZipOptions {
  /** Extra gitignore-style patterns, on top of DEFAULT_IGNORES and the folder's .lambdaignore. */
  ignore?: string[];
  /** Stop before zipping when the files add up to more than this (bytes). */
  maxUnzippedBytes?: number;
  signal?: AbortSignal;
  /** Called with (bytes added so far, total bytes) while zipping. */
  onProgress?: (done: number, total: number) => void;
}

export interface ZipResult {
  zip: Buffer;
  /** base64 sha256 of the zip, as Lambda reports CodeSha256. */
  sha256: string;
  files: number;
  unzippedBytes: number;
  /** Digest of the packaged tree (names, modes, contents): the same tree always zips to the same bytes. */
  treeDigest: string;
}

// Bump when anything that changes the zip bytes for a given tree changes (order, attributes, compression rules).
const FORMAT_TAG = 'lwb-zip-2';
/** Files from this size get a compressibility probe; smaller ones are always deflated. */
const PROBE_FROM = 16 * 1024;
const PROBE_BYTES = 64 * 1024;

/** The files of a folder that would go into the zip, sorted, after ignore rules. */
export async function planFolder(dir: string, options: Pick<ZipOptions, 'ignore' | 'signal'> = {}): Promise<ZipEntryPlan[]> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new ValidationError(`${root} is not a folder. Choose the folder that holds the function's code.`);
  const ig = ignore()
    .add(DEFAULT_IGNORES)
    .add(options.ignore ?? []);
  const ignoreText = await fs.readFile(path.join(root, IGNORE_FILE), 'utf8').catch(() => undefined);
  if (ignoreText !== undefined) ig.add(ignoreText);
  const out: ZipEntryPlan[] = [];
  await walk(root, '', ig, out, new Set([await fs.realpath(root)]), options.signal);
  // Byte order, not locale order: the same on every machine.
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function walk(root: string, rel: string, ig: Ignore, out: ZipEntryPlan[], seen: Set<string>, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new CancelledError('Cancelled while listing files.');
  const dirents = await fs.readdir(path.join(root, rel), { withFileTypes: true });
  for (const d of dirents) {
    const name = rel ? `${rel}/${d.name}` : d.name;
    const abs = path.join(root, name);
    let isDir = d.isDirectory();
    let isFile = d.isFile();
    if (d.isSymbolicLink()) {
      // Symlinks are followed (node_modules from pnpm are links); a broken link is skipped.
      const target = await fs.stat(abs).catch(() => undefined);
      if (!target) continue;
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDir) {
      if (ig.ignores(`${name}/`)) continue;
      const real = await fs.realpath(abs);
      if (seen.has(real)) continue; // a link back up the tree
      seen.add(real);
      await walk(root, name, ig, out, seen, signal);
      seen.delete(real);
    } else if (isFile) {
      if (ig.ignores(name)) continue;
      const st = await fs.stat(abs);
      // Executable stays executable (0755), everything else becomes 0644: Lambda runs code as another
      // user, so a 0600 file would fail with EACCES there, and umask differences would change the bytes.
      out.push({ name, absPath: abs, size: st.size, mode: st.mode & 0o111 ? 0o755 : 0o644 });
    }
  }
}

/**
 * True when a file is worth deflating: its first 64 KB shrink by more than 5% at level 1. Already
 * compressed data (images, archives, random bytes) is stored as it is, which is most of the zipping
 * time saved and the zip barely larger. Depends only on content, so zips stay deterministic.
 */
async function worthCompressing(e: ZipEntryPlan): Promise<boolean> {
  if (e.size < PROBE_FROM) return true;
  const fh = await fs.open(e.absPath, 'r');
  try {
    const buf = Buffer.alloc(Math.min(PROBE_BYTES, e.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const sample = buf.subarray(0, bytesRead);
    return deflateRawSync(sample, { level: 1 }).length < sample.length * 0.95;
  } finally {
    await fh.close();
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

function digestOf(entries: ZipEntryPlan[], fileHashes: string[]): string {
  const h = createHash('sha256').update(FORMAT_TAG);
  entries.forEach((e, i) => h.update(`\n${e.name}\0${e.mode.toString(8)}\0${fileHashes[i]}`));
  return h.digest('base64');
}

/** The tree digest of planned entries, by reading and hashing every file (much cheaper than zipping). */
export async function treeDigest(entries: ZipEntryPlan[], signal?: AbortSignal): Promise<string> {
  const hashes = await mapLimit(entries, 8, async (e) => {
    if (signal?.aborted) throw new CancelledError('Cancelled while checking files.');
    return createHash('sha256')
      .update(await fs.readFile(e.absPath))
      .digest('base64');
  });
  return digestOf(entries, hashes);
}

/** Zips planned entries deterministically. */
export async function zipEntries(entries: ZipEntryPlan[], options: Pick<ZipOptions, 'signal' | 'onProgress'> = {}): Promise<ZipResult> {
  const total = entries.reduce((s, e) => s + e.size, 0);
  const compress = await mapLimit(entries, 8, worthCompressing);
  const fileHashes: string[] = new Array(entries.length);
  return new Promise<ZipResult>((resolve, reject) => {
    const zip = new ZipFile();
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let done = 0;
    let settled = false;
    let current: ReturnType<typeof createReadStream> | undefined;
    // On abort or a read error, stop feeding yazl: it stalls and is collected; no file is touched after.
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      current?.destroy();
      reject(err);
    };
    const onAbort = () => fail(new CancelledError('Cancelled while zipping; nothing was uploaded.'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    zip.on('error', fail);
    zip.outputStream.on('data', (c: Buffer) => {
      chunks.push(c);
      hash.update(c);
    });
    zip.outputStream.on('error', fail);
    zip.outputStream.on('end', () => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        zip: Buffer.concat(chunks),
        sha256: hash.digest('base64'),
        files: entries.length,
        unzippedBytes: total,
        treeDigest: digestOf(entries, fileHashes),
      });
    });
    entries.forEach((e, i) => {
      const opts = { mtime: FIXED_MTIME, mode: e.mode | 0o100000, forceDosTimestamp: true, size: e.size, compress: compress[i] };
      zip.addReadStreamLazy(e.name, opts, (cb) => {
        if (settled) return;
        const fileHash = createHash('sha256');
        const s = createReadStream(e.absPath);
        current = s;
        s.on('error', (err) => fail(new ValidationError(`Cannot read ${e.name} while zipping: ${err.message}`, 'Code')));
        s.on('data', (c) => fileHash.update(c));
        s.on('end', () => {
          fileHashes[i] = fileHash.digest('base64');
          done += e.size;
          options.onProgress?.(done, total);
        });
        cb(null, s);
      });
    });
    zip.end();
  });
}

/** Plans, checks the unzipped size, and zips a folder. */
export async function zipFolder(dir: string, options: ZipOptions = {}): Promise<ZipResult> {
  const entries = await planChecked(dir, options);
  return zipEntries(entries, options);
}

/** Plans a folder and applies the empty / unzipped-size checks. */
export async function planChecked(dir: string, options: ZipOptions = {}): Promise<ZipEntryPlan[]> {
  const entries = await planFolder(dir, options);
  if (entries.length === 0) throw new ValidationError(`${dir} has no files to package (after ${IGNORE_FILE} rules).`);
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (options.maxUnzippedBytes !== undefined && total > options.maxUnzippedBytes) {
    const biggest = [...entries]
      .sort((a, b) => b.size - a.size)
      .slice(0, 3)
      .map((e) => `${e.name} (${mb(e.size)})`);
    throw new ValidationError(
      `The package is ${mb(total)} unzipped; Lambda allows ${mb(options.maxUnzippedBytes)} (code and layers together). ` +
        `Largest files: ${biggest.join(', ')}. Exclude what the function does not need in ${IGNORE_FILE}, or move dependencies to a layer.`,
      'Code',
    );
  }
  return entries;
}

export function sha256Base64(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
