// The documents and texts an environment hands on: error documents for the caller, the trace id and
// client context for the runtime, and Lambda's wording of why a runtime process could not start or died.
import { randomFillSync } from 'node:crypto';

export function errorDoc(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}

/** The runtime's error document, passed on as sent when it is JSON; its type for the REPORT line. */
export function normalizeErrorDoc(body: Buffer, headerType: string | undefined): { payload: Buffer; errorType: string } {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errorType?: unknown };
    if (doc && typeof doc === 'object') return { payload: body, errorType: headerType || String(doc.errorType ?? 'Unhandled') };
  } catch {
    // not JSON: wrap it below
  }
  const errorType = headerType || 'Unhandled';
  return { payload: errorDoc(errorType, body.toString('utf8')), errorType };
}

/** Random bytes drawn from a refilled pool: two randomBytes calls per invoke showed in its profile. */
const randomPool = Buffer.allocUnsafe(4096);
let randomAt = randomPool.length;
function randomHex(n: number): string {
  if (randomAt + n > randomPool.length) {
    randomFillSync(randomPool);
    randomAt = 0;
  }
  randomAt += n;
  return randomPool.toString('hex', randomAt - n, randomAt);
}

export function traceId(): string {
  const epoch = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epoch}-${randomHex(12)};Parent=${randomHex(8)};Sampled=0`;
}

/** X-Amz-Client-Context arrives base64; runtimes get the JSON itself, kept to header-safe ASCII. */
export function decodeClientContext(b64: string | undefined): string | undefined {
  if (!b64) return undefined;
  const text = Buffer.from(b64, 'base64').toString('utf8');
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Why the entry point could not start, in Lambda's words plus what to do about it. */
export function spawnReason(command: string, e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES') return `fork/exec ${command}: permission denied (make it executable: chmod +x, and keep the mode in the zip)`;
  if (code === 'ENOEXEC') return `fork/exec ${command}: exec format error (built for another OS or architecture, or a script without a #! line)`;
  if (code === 'ENOENT') return `fork/exec ${command}: no such file or directory (for a script, check the interpreter on its #! line)`;
  return `fork/exec ${command}: ${e.message}`;
}

export function signalName(signal: NodeJS.Signals): string {
  const names: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated' };
  return names[signal] ?? signal;
}
