// Memory figures of an environment's process, from Linux's /proc: VmHWM is the peak resident set,
// what Lambda reports as Max Memory Used; VmRSS is the current one, watched against the memory limit.
import { execFile } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';

/** Linux gives exact figures in /proc; elsewhere (macOS) they are sampled with ps. */
export const HAS_PROC = process.platform === 'linux';

const MB = 1024 * 1024;
/** /proc/PID/status is about 1.5 KB; the memory lines sit in its first half. */
const STATUS_BYTES = 4096;

/** `VmHWM:\t   1234 kB` → bytes, scanning without a regex (this runs on every invoke). */
function fieldBytes(text: string, field: 'VmHWM' | 'VmRSS'): number | undefined {
  const at = text.indexOf(`\n${field}:`);
  if (at < 0) return undefined;
  const kb = parseInt(text.slice(at + field.length + 2, text.indexOf('\n', at + 1)), 10);
  return Number.isFinite(kb) ? kb * 1024 : undefined;
}

/**
 * One process's /proc/PID/status, opened once and re-read in place (pread at 0): the REPORT line asks
 * for the peak on every invoke, and open+read+close per ask was a visible share of a warm invoke.
 */
export class ProcStatus {
  private fd: number | undefined;
  private readonly buf = Buffer.allocUnsafe(STATUS_BYTES);

  constructor(pid: number | undefined) {
    if (!HAS_PROC || !pid) return;
    try {
      this.fd = openSync(`/proc/${pid}/status`, 'r');
    } catch {
      this.fd = undefined; // already gone
    }
  }

  private read(field: 'VmHWM' | 'VmRSS'): number | undefined {
    if (this.fd === undefined) return undefined;
    try {
      const n = readSync(this.fd, this.buf, 0, STATUS_BYTES, 0);
      return fieldBytes(this.buf.toString('latin1', 0, n), field);
    } catch {
      return undefined; // the process is gone (ESRCH)
    }
  }

  /** The last peak read: what is known once the process is gone (an exit, a kill). */
  private lastPeakMB = 0;

  /** Peak resident memory in whole MB, rounded up as Lambda does; the last one read once the process is gone; 0 when never read. */
  peakMB(): number {
    const b = this.read('VmHWM');
    if (b !== undefined) this.lastPeakMB = Math.max(this.lastPeakMB, Math.ceil(b / MB));
    return this.lastPeakMB;
  }

  residentBytes(): number | undefined {
    return this.read('VmRSS');
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }
}

/** Resident size through `ps` where there is no /proc (macOS): slower, so only sampled in the background. */
export function sampleResidentBytes(pid: number | undefined): Promise<number | undefined> {
  return new Promise((resolve) => {
    if (!pid) return resolve(undefined);
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], { timeout: 2000 }, (err, stdout) => {
      const kb = Number(String(stdout).trim());
      resolve(err || !Number.isFinite(kb) || kb <= 0 ? undefined : kb * 1024);
    });
  });
}
