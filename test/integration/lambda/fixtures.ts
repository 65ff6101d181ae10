// Helpers shared by the lambda integration tests: temp folders with code, cleaned up by the test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function tempTree(files: Record<string, string>, cleanup: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-lambda-it-'));
  cleanup.after(() => rmSync(dir, { recursive: true, force: true }));
  writeTree(dir, files);
  return dir;
}

export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

export const nodeHandler = (value: string) => `exports.handler = async (event) => ({ value: ${JSON.stringify(value)}, event });\n`;
