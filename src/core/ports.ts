// Loopback ports: a free one to hand to a process (an inspector, a peer server), and whether one
// accepts connections yet. Plain Node, shared by the extension, tests and benches.
import { connect, createServer } from 'node:net';

/** A port nothing listens on right now (the OS picks it; ephemeral ports are above 1024). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** True when something listens on 127.0.0.1:port (the connection is closed at once). */
export function loopbackPortAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}
