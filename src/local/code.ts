// Function and layer code on disk: zips are stored content-addressed (by SHA-256) and unpacked once, so
// versions and functions that share a zip share one folder. Source mode points at a user's folder instead.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  promises as fsp,
  type Dirent,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  createReadStream,
} from 'node:fs';
import { dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import { LOCAL_SOURCE_BUCKET } from '../contract/localService';
import { ServiceError } from './seams';
import { writeFileAtomic } from './fsutil';
import { invalidParam } from './lambda/names';

export const MAX_ZIPPED_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;
const SIZE_SUFFIX = '.unzipped-size';

export interface StoredCode {
  /** Hex SHA-256 of the zip: the folder name under code/. */
  shaHex: string;
  /** Base64 SHA-256, as Lambda reports CodeSha256. */
  codeSha256: string;
  codeSize: number;
  unzippedSize: number;
}

export type CodeRef = { kind: 'zip'; shaHex: string } | { kind: 'source'; dir: string };

export class CodeStore {
  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    // Half-unpacked folders and half-written zips of a crashed run are never referenced: remove them.
    for (const name of readdirSync(root)) if (name.endsWith('.tmp')) rmSync(join(root, name), { recursive: true, force: true });
  }

  zipPath(shaHex: string): string {
    return join(this.root, `${shaHex}.zip`);
  }

  dirOf(ref: CodeRef): string {
    return ref.kind === 'source' ? ref.dir : join(this.root, ref.shaHex);
  }

  /** Unpacks in flight, by sha: concurrent uploads of the same zip share one unpack. */
  private readonly inflight = new Map<string, Promise<number>>();
  /** Unzipped sizes of complete entries already seen (bulk creates of one zip skip the disk). */
  private readonly sizes = new Map<string, number>();

  /** Stores a zip (idempotent per content) and unpacks it; refuses zips over Lambda's limits. */
  async put(zip: Buffer): Promise<StoredCode> {
    if (zip.length > MAX_ZIPPED_BYTES) {
      throw new ServiceError(
        413,
        'RequestEntityTooLargeException',
        `Zipped code must be smaller than ${MAX_ZIPPED_BYTES} bytes; upload larger code as a layer or use a source folder.`,
      );
    }
    const digest = createHash('sha256').update(zip).digest();
    const shaHex = digest.toString('hex');
    let unzippedSize = this.sizes.get(shaHex);
    if (unzippedSize === undefined) {
      let pending = this.inflight.get(shaHex);
      if (!pending) {
        pending = this.unpackOnce(shaHex, zip).finally(() => this.inflight.delete(shaHex));
        this.inflight.set(shaHex, pending);
      }
      unzippedSize = await pending;
      this.sizes.set(shaHex, unzippedSize);
    }
    return { shaHex, codeSha256: digest.toString('base64'), codeSize: zip.length, unzippedSize };
  }

  /** Unpacks into a temp folder and renames it into place, so a half-unpacked folder is never used. */
  private async unpackOnce(shaHex: string, zip: Buffer): Promise<number> {
    const dir = join(this.root, shaHex);
    // Written last: its presence means the folder and the zip are complete.
    const sizeFile = join(this.root, `${shaHex}${SIZE_SUFFIX}`);
    if (existsSync(sizeFile)) return Number(readFileSync(sizeFile, 'utf8')) || 0;
    const tmp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      // Check the declared sizes first, so a zip bomb is refused before anything is written.
      await scanZip(zip);
      const unzippedSize = await unzipTo(zip, tmp);
      // A folder without the size file is the leftover of a crash: replace it.
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
      writeFileAtomic(this.zipPath(shaHex), zip);
      writeFileAtomic(sizeFile, String(unzippedSize));
      return unzippedSize;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** A zip stream of the code: the stored zip, or one made on the fly from a source folder. */
  zipStream(ref: CodeRef): Readable {
    if (ref.kind === 'zip') return createReadStream(this.zipPath(ref.shaHex));
    const zip = new yazl.ZipFile();
    for (const file of listFiles(ref.dir)) {
      const st = statSync(file);
      zip.addFile(file, relative(ref.dir, file).split(sep).join('/'), { mode: st.mode });
    }
    zip.end();
    const out = zip.outputStream as unknown as Readable;
    // yazl reports a file it cannot read (removed since listing) on the ZipFile, where nobody listens and
    // it would end the service: hand it to the stream's consumer instead.
    zip.on('error', (e: Error) => out.destroy(e));
    return out;
  }
}

function listFiles(dir: string, acc: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(p, acc);
    else if (entry.isFile()) acc.push(p);
  }
  return acc;
}

/** Source mode: `Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: '/abs/folder' }`. Returns the folder, or undefined when S3 is not ours. */
export function sourceFolderOf(code: { S3Bucket?: unknown; S3Key?: unknown } | undefined): string | undefined {
  if (!code || code.S3Bucket === undefined) return undefined;
  if (code.S3Bucket !== LOCAL_SOURCE_BUCKET) {
    throw invalidParam(
      `There is no S3 in the local service: pass the code as ZipFile, or S3Bucket '${LOCAL_SOURCE_BUCKET}' with S3Key set to an absolute folder path to run it from source.`,
    );
  }
  const dir = code.S3Key;
  if (typeof dir !== 'string' || !isAbsolute(dir)) {
    throw invalidParam(`With S3Bucket '${LOCAL_SOURCE_BUCKET}', S3Key must be the absolute path of the source folder (got '${String(dir)}').`);
  }
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw invalidParam(`Source folder ${dir} does not exist.`);
  }
  if (!st.isDirectory()) throw invalidParam(`Source folder ${dir} is not a directory.`);
  return resolve(dir);
}

/** Folders a source folder's size leaves out: version control and build output, never deployed. */
const NOT_CODE = new Set(['.git', '.hg', '.svn', '.aws-sam']);
/** A walk this long is a project root, not a function: what was counted so far is reported. */
const MAX_SIZE_ENTRIES = 50_000;

/**
 * CodeSize of a source-folder function: the bytes of its files (what a zip of it would hold before
 * compression), counted when it is created or its code updated. Symbolic links are not followed.
 */
export async function sourceFolderSize(dir: string): Promise<number> {
  let total = 0;
  let seen = 0;
  const pending = [dir];
  while (pending.length && seen < MAX_SIZE_ENTRIES) {
    const d = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      continue; // unreadable: the invoke will say so; the size just leaves it out
    }
    for (const e of entries) {
      if (++seen > MAX_SIZE_ENTRIES) break;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!NOT_CODE.has(e.name)) pending.push(p);
      } else if (e.isFile()) {
        try {
          total += (await fsp.stat(p)).size;
        } catch {
          // removed meanwhile
        }
      }
    }
  }
  return total;
}

/** A stable stand-in for CodeSha256 in source mode (there is no zip): the hash of the folder path. */
export function sourceCodeSha(dir: string): string {
  return createHash('sha256').update(`source:${dir}`).digest('base64');
}

function openZip(zip: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, zipfile) => {
      if (err || !zipfile)
        reject(invalidParam(`Could not unzip uploaded file. Please check your file, then try to upload again. (${err?.message ?? 'no entries'})`));
      else if (zipfile.entryCount === 0) {
        zipfile.close();
        reject(invalidParam('Uploaded file must be a non-empty zip'));
      } else resolvePromise(zipfile);
    });
  });
}

/** Walks the central directory: total declared size within Lambda's limit (sizes are verified again on extraction). */
async function scanZip(zip: Buffer): Promise<number> {
  const zipfile = await openZip(zip);
  return new Promise((resolvePromise, reject) => {
    let total = 0;
    zipfile.on('error', (e: Error) => reject(invalidParam(`Could not unzip uploaded file: ${e.message}`)));
    zipfile.on('end', () => resolvePromise(total));
    zipfile.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > MAX_UNZIPPED_BYTES) {
        zipfile.close();
        reject(invalidParam(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`));
        return;
      }
      zipfile.readEntry();
    });
    zipfile.readEntry();
  });
}

function unzipTo(zip: Buffer, target: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, zipfile) => {
      if (err || !zipfile) {
        reject(invalidParam(`Could not unzip uploaded file. Please check your file, then try to upload again. (${err?.message ?? 'no entries'})`));
        return;
      }
      let total = 0;
      const fail = (e: unknown): void => {
        zipfile.close();
        reject(e);
      };
      mkdirSync(target, { recursive: true, mode: 0o700 });
      zipfile.on('error', (e: Error) => fail(invalidParam(`Could not unzip uploaded file: ${e.message}`)));
      zipfile.on('end', () => resolvePromise(total));
      zipfile.on('entry', (entry: yauzl.Entry) => {
        const dest = resolve(target, entry.fileName);
        if (dest !== target && !dest.startsWith(target + sep)) {
          fail(invalidParam(`The zip entry '${entry.fileName}' points outside the function folder.`));
          return;
        }
        if (entry.fileName.endsWith('/')) {
          if (writeEntry(entry.fileName, () => mkdirSync(dest, { recursive: true, mode: 0o700 }), fail)) zipfile.readEntry();
          return;
        }
        total += entry.uncompressedSize;
        if (total > MAX_UNZIPPED_BYTES) {
          fail(invalidParam(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`));
          return;
        }
        zipfile.openReadStream(entry, (e, stream) => {
          if (e || !stream) {
            fail(invalidParam(`Could not unzip '${entry.fileName}': ${e?.message ?? 'unreadable'}`));
            return;
          }
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('error', (se) => fail(invalidParam(`Could not unzip '${entry.fileName}': ${se.message}`)));
          stream.on('end', () => {
            const written = writeEntry(
              entry.fileName,
              () => {
                mkdirSync(dirname(dest), { recursive: true, mode: 0o700 });
                writeFileSync(dest, Buffer.concat(parts), { mode: 0o600 });
                // Unix mode sits in the high 16 bits of the external attributes; keep the executable bit
                // (bootstrap), for the owner only, like everything in the data directory.
                const mode = (entry.externalFileAttributes >>> 16) & 0o777;
                chmodSync(dest, mode & 0o111 ? 0o700 : 0o600);
              },
              fail,
            );
            if (written) zipfile.readEntry();
          });
        });
      });
      zipfile.readEntry();
    });
  });
}

/** Errors of a path that an earlier entry already took with another kind (a file where a folder goes, or the reverse). */
const CLASH_CODES = new Set(['EEXIST', 'ENOTDIR', 'EISDIR']);

/**
 * Runs one entry's file-system writes inside a stream callback, where a throw would escape every
 * promise and end the service: a clash is the uploader's zip at fault (400), anything else a 500.
 */
function writeEntry(fileName: string, write: () => void, fail: (e: unknown) => void): boolean {
  try {
    write();
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && CLASH_CODES.has(code)) {
      fail(
        invalidParam(
          `Could not unzip uploaded file. Please check your file, then try to upload again. (The zip entry '${fileName}' clashes with an earlier entry of the same path: one is a file, the other a folder.)`,
        ),
      );
    } else fail(e);
    return false;
  }
}
