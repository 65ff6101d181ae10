// Memory figures of an environment's process, from Linux's /proc: VmHWM is the peak resident set,
// what Lambda reports as Max Memory Used; VmRSS is the current one, watched against the memory limit.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Linux gives exact figures in /proc; elsewhere (macOS) they are sampled with ps. */
export const HAS_PROC = process.platform === 'linux';

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined; // gone, or not Linux
  }
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : undefined;
}

const MB = 1024 * 1024;

/** Peak resident memory in whole MB, rounded up as Lambda does; 0 when unknown. */
export function peakMemoryMB(pid: number | undefined): number {
  if (!pid) return 0;
  const b = statusField(pid, 'VmHWM');
  return b === undefined ? 0 : Math.ceil(b / MB);
}

export function residentBytes(pid: number | undefined): number | undefined {
  return pid ? statusField(pid, 'VmRSS') : undefined;
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
