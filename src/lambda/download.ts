// Downloading a function's code: GetFunction's presigned Code.Location, then a safe extract. Every
// entry is checked before anything is written: absolute paths, `..`, and symlinks that point out of
// the target refuse the whole archive. Existing files are only replaced when the caller says so.
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { CancelledError, UnsafeArchiveError, ValidationError, throwIfAborted } from './errors';
import type { OperationOptions } from './wait';

/** Refuse archives that would unpack to more than this (zip bombs). */
const MAX_EXTRACT_BYTES = 1024 * 1024 * 1024;
const MAX_ENTRIES = 200_000;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

export type ConflictDecision = 'overwrite' | 'skip' | 'cancel';

export interface ExtractOptions {
  signal?: AbortSignal;
  /**
   * Asked once with every file that already exists in the target. Without it, existing files make
   * the extract fail before anything is written.
   */
  onConflict?: (existing: string[]) => Promise<ConflictDecision> | ConflictDecision;
}

export interface ExtractResult {
  written: string[];
  skipped: string[];
  targetDir: string;
}

interface PlannedEntry {
  name: string;
  entry: yauzl.Entry;
  kind: 'file' | 'dir' | 'symlink';
  mode: number;
  linkTarget?: string;
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // decodeStrings:false so that unsafe names reach our own checks (with a clear message) instead
    // of yauzl's; validateEntrySizes guards against lying headers.
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      if (out.length > MAX_ENTRIES) return reject(new ValidationError(`The archive has more than ${MAX_ENTRIES} entries; refusing to extract it.`));
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  // General purpose bit 11: UTF-8 names; otherwise CP437, which is ASCII for every name that matters here.
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/** Why an entry name is unsafe, or undefined. */
export function unsafeNameReason(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL character';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.startsWith('//')) return 'is an absolute path';
  if (n.split('/').some((seg) => seg === '..')) return 'goes up out of the target with ..';
  return undefined;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function plan(zip: yauzl.ZipFile, entries: yauzl.Entry[], target: string): Promise<PlannedEntry[]> {
  const planned: PlannedEntry[] = [];
  let total = 0;
  for (const entry of entries) {
    const name = decodeName(entry);
    const reason = unsafeNameReason(name);
    if (reason) throw new UnsafeArchiveError(`Refused the archive: entry "${name}" ${reason}. Nothing was written.`, name);
    const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
    const normalized = name.replace(/\\/g, '/');
    total += entry.uncompressedSize;
    if (total > MAX_EXTRACT_BYTES) throw new ValidationError(`The archive unpacks to more than ${MAX_EXTRACT_BYTES / 1024 / 1024} MB; refusing to extract it.`);
    if ((unixMode & S_IFMT) === S_IFLNK) {
      const linkTarget = (await readEntry(zip, entry)).toString('utf8');
      const resolved = path.resolve(path.dirname(path.join(target, normalized)), linkTarget);
      if (path.isAbsolute(linkTarget) || !isInside(target, resolved)) {
        throw new UnsafeArchiveError(`Refused the archive: "${name}" is a symlink to "${linkTarget}", outside the target folder. Nothing was written.`, name);
      }
      planned.push({ name: normalized, entry, kind: 'symlink', mode: 0, linkTarget });
    } else if (normalized.endsWith('/') || (unixMode & S_IFMT) === S_IFDIR) {
      planned.push({ name: normalized.replace(/\/+$/, ''), entry, kind: 'dir', mode: 0o755 });
    } else {
      planned.push({ name: normalized, entry, kind: 'file', mode: unixMode & 0o111 ? 0o755 : 0o644 });
    }
  }
  return planned;
}

/**
 * Extracts a zip into targetDir (created if missing). The whole archive is checked first; a
 * malicious entry refuses it before any write. Writes go through the real path of the target, and a
 * parent that resolves outside it (a pre-existing symlink) is refused too.
 */
export async function extractZipSafely(zipBuffer: Buffer, targetDir: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  // The first folder mkdir created (if any) is removed again when the archive is refused.
  const created = await fs.mkdir(targetDir, { recursive: true });
  const target = await fs.realpath(targetDir);
  const zip = await openZip(zipBuffer).catch(async (err: unknown) => {
    if (created) await fs.rm(created, { recursive: true, force: true });
    throw new ValidationError(`The downloaded file is not a readable zip: ${(err as Error).message}`);
  });
  let writing = false;
  try {
    const entries = await readEntries(zip);
    const planned = await plan(zip, entries, target);
    throwIfAborted(options.signal, 'the download before anything was written');

    const existing: string[] = [];
    for (const p of planned) {
      if (p.kind === 'dir') continue;
      if (
        await fs.lstat(path.join(target, p.name)).then(
          () => true,
          () => false,
        )
      )
        existing.push(p.name);
    }
    let decision: ConflictDecision = 'overwrite';
    if (existing.length) {
      if (!options.onConflict) {
        throw new ValidationError(
          `${existing.length} file(s) already exist in ${targetDir} (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}). Choose an empty folder or confirm overwriting.`,
        );
      }
      decision = await options.onConflict(existing);
      if (decision === 'cancel') throw new CancelledError('Cancelled; nothing was written.');
    }
    const skip = new Set(decision === 'skip' ? existing : []);
    const written: string[] = [];
    writing = true;
    // Symlinks last, so no file is ever written through a link this archive created.
    const order = [...planned.filter((p) => p.kind !== 'symlink'), ...planned.filter((p) => p.kind === 'symlink')];
    for (const p of order) {
      if (options.signal?.aborted) throw new CancelledError(`Cancelled after writing ${written.length} file(s) into ${targetDir}.`);
      const dest = path.join(target, p.name);
      if (p.kind === 'dir') {
        await safeMkdir(target, dest);
        continue;
      }
      if (skip.has(p.name)) continue;
      await safeMkdir(target, path.dirname(dest));
      if (p.kind === 'symlink') {
        await fs.rm(dest, { force: true });
        await fs.symlink(p.linkTarget!, dest);
      } else {
        const data = await readEntry(zip, p.entry);
        // Never write through an existing symlink: replace the link itself.
        const st = await fs.lstat(dest).catch(() => undefined);
        if (st?.isSymbolicLink()) await fs.rm(dest);
        await fs.writeFile(dest, data, { mode: p.mode });
      }
      written.push(p.name);
    }
    return { written, skipped: [...skip], targetDir: target };
  } catch (err) {
    if (!writing && created) await fs.rm(created, { recursive: true, force: true });
    throw err;
  } finally {
    zip.close();
  }
}

async function safeMkdir(root: string, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const real = await fs.realpath(dir);
  if (!isInside(root, real)) throw new UnsafeArchiveError(`Refused to write into ${dir}: it resolves outside the target folder.`, dir);
}

/** Fetches the zip from GetFunction's Code.Location. */
async function fetchFunctionZip(client: LambdaClient, functionName: string, options: OperationOptions & { qualifier?: string } = {}): Promise<Buffer> {
  const out = await client.send(new GetFunctionCommand({ FunctionName: functionName, Qualifier: options.qualifier }), { abortSignal: options.signal });
  const location = out.Code?.Location;
  if (!location) {
    const kind = out.Code?.RepositoryType ? `a container image (${out.Code.ImageUri ?? 'no URI'})` : 'no downloadable code';
    throw new ValidationError(`${functionName} has ${kind}; only zip packages can be downloaded.`);
  }
  options.onProgress?.({ step: 'upload', message: `Downloading the code of ${functionName}…` });
  const res = await fetch(location, { signal: options.signal });
  if (!res.ok) throw new Error(`Downloading the code of ${functionName} failed: HTTP ${res.status}.`);
  return Buffer.from(await res.arrayBuffer());
}

/** GetFunction, download, safe extract into targetDir. */
export async function downloadFunctionCode(
  client: LambdaClient,
  functionName: string,
  targetDir: string,
  options: OperationOptions & ExtractOptions & { qualifier?: string } = {},
): Promise<ExtractResult> {
  const zip = await fetchFunctionZip(client, functionName, options);
  return extractZipSafely(zip, targetDir, options);
}
