// Everything an environment started ends with it. The runtime runs in its own process group, which
// a kill reaches; a process the function detached into a session of its own (`setsid`, node's
// `detached: true`) leaves that group, and would outlive the environment and the service. Each
// environment's processes carry its private TMPDIR (env-vars.ts) in the environment they were
// started with, which /proc shows: that marks them wherever they went. Linux only (where /proc is);
// elsewhere the process-group kill is all there is.
import { readdir, readFile } from 'node:fs/promises';

/** The processes started with `TMPDIR=<tmpDir>` (except this one): what the environment runs. */
export async function environmentPids(tmpDir: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const needle = Buffer.from(`\0TMPDIR=${tmpDir}\0`);
  const out: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = await readFile(`/proc/${entry}/environ`);
    } catch {
      continue; // gone, or another user's
    }
    // Variables are NUL-terminated; a leading NUL makes the first one match like the others.
    if (Buffer.concat([Buffer.from([0]), environ]).includes(needle)) out.push(pid);
  }
  return out;
}

/** SIGKILLs every process started with `TMPDIR=<tmpDir>` (except this one); resolves with how many. */
export async function killEnvironmentProcesses(tmpDir: string): Promise<number> {
  let killed = 0;
  for (const pid of await environmentPids(tmpDir)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}
