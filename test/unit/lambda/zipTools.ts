// Builds zips in memory for tests, including malicious ones: yazl refuses unsafe names, so they are
// written under a same-length placeholder and patched in the bytes afterwards.
import { ZipFile } from 'yazl';
import * as yauzl from 'yauzl';

export interface TestEntry {
  name: string;
  content: string | Buffer;
  /** Full unix mode, e.g. 0o100644, 0o100755, 0o120777 for a symlink (content = link target). */
  mode?: number;
}

export function buildZip(entries: TestEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    for (const e of entries) {
      if (e.name.endsWith('/')) zip.addEmptyDirectory(e.name.slice(0, -1), { mode: e.mode ?? 0o40755 });
      else zip.addBuffer(Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content), e.name, { mode: e.mode ?? 0o100644 });
    }
    zip.end();
  });
}

/** Replaces every occurrence of `from` with `to` (same length) in the zip bytes: local headers and central directory. */
export function patchName(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('patchName needs equal lengths');
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  let i = out.indexOf(needle);
  let n = 0;
  while (i >= 0) {
    Buffer.from(to).copy(out, i);
    n++;
    i = out.indexOf(needle, i + needle.length);
  }
  if (n < 2) throw new Error(`patchName: expected the name in the local header and the central directory, found ${n}`);
  return out;
}

/** The entries of a zip with their unix mode and content, in archive order. */
export function readZip(zip: Buffer): Promise<{ name: string; mode: number; content: Buffer }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err) return reject(err);
      const out: { name: string; mode: number; content: Buffer }[] = [];
      z.on('entry', (e: yauzl.Entry) => {
        z.openReadStream(e, (err2, s) => {
          if (err2) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.push({ name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o777, content: Buffer.concat(chunks) });
            z.readEntry();
          });
        });
      });
      z.on('end', () => resolve(out));
      z.on('error', reject);
      z.readEntry();
    });
  });
}
