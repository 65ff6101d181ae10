// Builds small zips in memory for tests (function code, layers).
import * as yazl from 'yazl';

export function makeZip(files: Record<string, string | Buffer>, modes: Record<string, number> = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, content] of Object.entries(files)) {
      zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { mode: modes[name] ?? 0o100644 });
    }
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export const NODE_HANDLER = `exports.handler = async (event) => ({ ok: true, echo: event });\n`;
