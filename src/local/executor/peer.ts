// Which process is on the other end of a loopback connection to an environment's Runtime API? The
// Runtime API has no secret (runtimes, ours and custom ones, only know AWS_LAMBDA_RUNTIME_API's
// host:port), so any local process could take the next event or post a fake result. On Linux the
// kernel says who: /proc/net/tcp{,6} gives the connecting socket's inode, and /proc/<pid>/fd shows
// which process holds it. Only the environment's own processes (its runtime, and what it started,
// marked by the environment's private TMPDIR; see reap.ts) are served. Where /proc cannot tell (not
// Linux), the Host and Origin checks remain.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { environmentPids } from './reap';

/** The inode of the loopback TCP socket whose local port is `clientPort` and remote port `serverPort`. */
async function socketInode(clientPort: number, serverPort: number): Promise<string | undefined> {
  const want = `:${clientPort.toString(16).toUpperCase().padStart(4, '0')}`;
  const peer = `:${serverPort.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (cols.length < 10) continue;
      if (cols[1]!.endsWith(want) && cols[2]!.endsWith(peer)) return cols[9];
    }
  }
  return undefined;
}

async function holds(pid: number, socket: string): Promise<boolean> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if ((await readlink(`/proc/${pid}/fd/${fd}`)) === socket) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

/**
 * 'yes' when the connection from `clientPort` to `serverPort` belongs to the runtime (`runtimePid`)
 * or to a process carrying the environment's TMPDIR; 'no' when it belongs to another process;
 * 'unknown' where /proc does not say (not Linux).
 */
export async function connectionOwner(
  clientPort: number,
  serverPort: number,
  runtimePid: number | undefined,
  tmpDir: string,
): Promise<'yes' | 'no' | 'unknown'> {
  const inode = await socketInode(clientPort, serverPort);
  if (inode === undefined)
    return (await readFile('/proc/net/tcp').then(
      () => true,
      () => false,
    ))
      ? 'no'
      : 'unknown';
  const socket = `socket:[${inode}]`;
  if (runtimePid !== undefined && (await holds(runtimePid, socket))) return 'yes';
  for (const pid of await environmentPids(tmpDir)) if (pid !== runtimePid && (await holds(pid, socket))) return 'yes';
  return 'no';
}
